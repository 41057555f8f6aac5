/** The Myelin client SDK: Matrix HTTP client, sync loop, MatrixRTC runtimes. */
module dev.myelin.client {
    requires transitive dev.myelin.crypto;
    requires transitive java.net.http;

    exports dev.myelin.client;
    exports dev.myelin.client.sync;
    exports dev.myelin.client.rtc;
    exports dev.myelin.client.e2ee;
}
