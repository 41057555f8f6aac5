/** Matrix identifiers, errors, events and the MatrixRTC model. Pure: no I/O, no threads, no wall clock. */
module dev.myelin.protocol {
    requires transitive dev.myelin.json;

    exports dev.myelin.protocol.id;
    exports dev.myelin.protocol.error;
    exports dev.myelin.protocol.event;
    exports dev.myelin.protocol.rtc;
    exports dev.myelin.protocol.rtc.lifecycle;
}
