package dev.myelin.protocol.rtc;

/** The wire forms of a MatrixRTC membership that peers send today. */
public enum MembershipDialect {
    /** {@code org.matrix.msc3401.call.member} state event, one per device (js-sdk default, Element Call legacy). */
    LEGACY_STATE,
    /** Sticky {@code org.matrix.msc4143.rtc.member} with {@code rtc_transports} (js-sdk up to 42.0). */
    STICKY_2025,
    /** Sticky {@code org.matrix.msc4143.rtc.member} with {@code transports{published, can_subscribe}} (js-sdk 42.1+). */
    STICKY_TRANSPORTS;

    public boolean isSticky() {
        return this != LEGACY_STATE;
    }
}
