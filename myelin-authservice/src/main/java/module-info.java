/** The LiveKit authorization service (a drop-in for lk-jwt-service), standalone or mounted in the homeserver. */
module dev.myelin.authservice {
    requires transitive dev.myelin.crypto;
    requires dev.myelin.json;
    requires dev.myelin.protocol;
    requires transitive org.eclipse.jetty.server;
    requires com.google.protobuf;
    requires java.net.http;
    requires java.naming;

    exports dev.myelin.authservice;
}
