/** JMH and scenario benchmarks, run by {@code ./myelin bench}. */
module dev.myelin.bench {
    requires dev.myelin.crypto;
    requires dev.myelin.authservice;
    requires dev.myelin.homeserver;
    requires java.management;
    requires java.net.http;
    requires jdk.httpserver;
    requires dev.myelin.crypto.openssl;
    requires jmh.core;

    exports dev.myelin.bench;
}
