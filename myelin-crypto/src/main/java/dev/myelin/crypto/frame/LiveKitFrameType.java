package dev.myelin.crypto.frame;

/** What the WebRTC encoded-frame API says about a frame: audio (no type) or a video frame's type. */
public enum LiveKitFrameType {
    AUDIO,
    KEY,
    DELTA,
    EMPTY
}
