/** The ./myelin command line. Exports nothing: it is an application. */
module dev.myelin.cli {
    requires dev.myelin.protocol;
    requires dev.myelin.authservice;
    requires dev.myelin.bench;
    requires dev.myelin.homeserver;
    requires dev.myelin.client;
    requires info.picocli;

    opens dev.myelin.cli to info.picocli;
}
