package dev.myelin.crypto.frame;

/** The video codecs livekit-client names ({@code videoCodecs}); which one decides the frame's clear header. */
public enum LiveKitVideoCodec {
    VP8,
    VP9,
    H264,
    H265,
    /** Not supported by LiveKit's frame encryption: encrypting fails, decrypting drops the frame. */
    AV1
}
