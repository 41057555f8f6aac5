package dev.myelin.crypto.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.frame.UndecryptableFrameException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class LiveKitFrameDecryptorTest {
    private static final LiveKitKeyMaterial KEY = material(1);
    private static final LiveKitKeyMaterial OTHER_KEY = material(2);
    private static final byte[] OPUS = opus(40);

    private static LiveKitKeyMaterial material(int seed) {
        byte[] raw = new byte[16];
        Arrays.fill(raw, (byte) seed);
        return LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(raw));
    }

    private static byte[] opus(int n) {
        byte[] frame = new byte[n];
        Arrays.fill(frame, (byte) 0x5a);
        frame[0] = (byte) 0xfc;
        return frame;
    }

    private static LiveKitKeyRing ring(LiveKitKeyOptions options, int index, LiveKitKeyMaterial key) {
        LiveKitKeyRing ring = LiveKitKeyRing.create(options);
        ring.setKey(index, key);
        return ring;
    }

    private static byte[] encrypt(LiveKitKeyRing ring, Optional<LiveKitVideoCodec> codec, LiveKitFrameType type,
            byte[] frame) {
        LiveKitFrameEncryptor encryptor = LiveKitFrameEncryptor.create(ring, codec, RandomGenerator.of("L64X128MixRandom"));
        byte[] out = new byte[LiveKitFrameEncryptor.maxEncryptedLength(frame.length)];
        int n = encryptor.encrypt(type, 1234, 9600, frame, 0, frame.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static byte[] decrypt(LiveKitFrameDecryptor decryptor, LiveKitFrameType type, byte[] frame) {
        byte[] out = new byte[frame.length];
        int n = decryptor.decrypt(type, frame, 0, frame.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    @Test
    void decrypt_senderRatchetedThreeSteps_recoversAndStoresTheRatchetedKey() {
        LiveKitKeyMaterial ratcheted = KEY;
        for (int i = 0; i < 3; i++) {
            ratcheted = ratcheted.ratchet(LiveKitKeyOptions.DEFAULT_RATCHET_SALT);
        }
        byte[] frame = encrypt(ring(LiveKitKeyOptions.ELEMENT_CALL, 0, ratcheted), Optional.empty(),
                LiveKitFrameType.AUDIO, OPUS);
        LiveKitKeyRing receiverRing = ring(LiveKitKeyOptions.ELEMENT_CALL, 0, KEY);
        List<Integer> ratchetEvents = new ArrayList<>();
        receiverRing.onRatchet((index, material) -> ratchetEvents.add(index));
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(receiverRing, Optional.empty());

        assertThat(decrypt(decryptor, LiveKitFrameType.AUDIO, frame)).containsExactly(OPUS);
        assertThat(ratchetEvents).containsExactly(0);
        assertThat(receiverRing.keySet(0).material.bytes()).isEqualTo(ratcheted.bytes());
    }

    @Test
    void decrypt_gapBeyondTheRatchetWindow_failsWithInvalidKey() {
        LiveKitKeyMaterial ratcheted = KEY;
        for (int i = 0; i < 3; i++) {
            ratcheted = ratcheted.ratchet(LiveKitKeyOptions.DEFAULT_RATCHET_SALT);
        }
        LiveKitKeyOptions window2 = new LiveKitKeyOptions(LiveKitKeyOptions.DEFAULT_RATCHET_SALT, 2, 10, 16, 128);
        byte[] frame = encrypt(ring(window2, 0, ratcheted), Optional.empty(), LiveKitFrameType.AUDIO, OPUS);
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ring(window2, 0, KEY), Optional.empty());

        assertThatThrownBy(() -> decrypt(decryptor, LiveKitFrameType.AUDIO, frame))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY));
    }

    @Test
    void decrypt_moreFailuresThanTolerance_dropsUntilANewKeyIsSet() {
        byte[] frame = encrypt(ring(LiveKitKeyOptions.ELEMENT_CALL, 0, OTHER_KEY), Optional.empty(),
                LiveKitFrameType.AUDIO, OPUS);
        LiveKitKeyRing receiverRing = ring(LiveKitKeyOptions.ELEMENT_CALL, 0, KEY);
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(receiverRing, Optional.empty());

        List<Reason> reasons = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try {
                decrypt(decryptor, LiveKitFrameType.AUDIO, frame);
            } catch (UndecryptableFrameException e) {
                reasons.add(e.reason());
            }
        }
        receiverRing.setKey(0, OTHER_KEY);

        assertThat(reasons.subList(0, 11)).containsOnly(Reason.INVALID_KEY);
        assertThat(reasons.get(11)).isEqualTo(Reason.KEY_MARKED_INVALID);
        assertThat(decrypt(decryptor, LiveKitFrameType.AUDIO, frame)).containsExactly(OPUS);
    }

    @Test
    void decrypt_keyIndexBeyondTheRing_isAMissingKeyEvenThoughSetKeyWraps() {
        LiveKitKeyOptions small = new LiveKitKeyOptions(LiveKitKeyOptions.DEFAULT_RATCHET_SALT, 0, 10, 4, 128);
        byte[] frame = encrypt(ring(LiveKitKeyOptions.ELEMENT_CALL, 5, KEY), Optional.empty(),
                LiveKitFrameType.AUDIO, OPUS);
        LiveKitKeyRing receiverRing = ring(small, 5, KEY); // stored at 5 % 4 = 1

        assertThat(frame[frame.length - 1]).isEqualTo((byte) 5);
        assertThat(receiverRing.hasKey(1)).isTrue();
        assertThatThrownBy(() -> decrypt(LiveKitFrameDecryptor.create(receiverRing, Optional.empty()),
                LiveKitFrameType.AUDIO, frame))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_KEY));
    }

    @Test
    void decrypt_serverInjectedOpusSilence_passesThroughWithoutTheTrailer() {
        byte[] trailer = {1, 2, 3, 4, 5};
        byte[] silence = ServerInjectedFrames.payloads()[4];
        byte[] frame = Arrays.copyOf(silence, silence.length + trailer.length);
        System.arraycopy(trailer, 0, frame, silence.length, trailer.length);
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(LiveKitKeyRing.create(
                LiveKitKeyOptions.ELEMENT_CALL), Optional.empty());
        decryptor.setServerInjectedFrameTrailer(trailer);

        assertThat(decrypt(decryptor, LiveKitFrameType.AUDIO, frame)).containsExactly(silence);
    }

    @Test
    void decrypt_serverTrailerOnAnUnknownPayload_isDropped() {
        byte[] frame = {9, 9, 9, 1, 2, 3, 4, 5};
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(LiveKitKeyRing.create(
                LiveKitKeyOptions.ELEMENT_CALL), Optional.empty());
        decryptor.setServerInjectedFrameTrailer(new byte[] {1, 2, 3, 4, 5});

        assertThatThrownBy(() -> decrypt(decryptor, LiveKitFrameType.AUDIO, frame))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_SERVER_INJECTED_FRAME));
    }

    @Test
    void decrypt_frameWithLktsMetadataTrailer_stripsItFirst() {
        byte[] vp8 = new byte[50];
        Arrays.fill(vp8, (byte) 0x11);
        LiveKitKeyRing ring = ring(LiveKitKeyOptions.ELEMENT_CALL, 0, KEY);
        byte[] encrypted = encrypt(ring, Optional.of(LiveKitVideoCodec.VP8), LiveKitFrameType.DELTA, vp8);
        // frame id TLV (tag 2, length 4), then length ^ 0xff, then "LKTS"
        byte[] trailer = {(byte) (2 ^ 0xff), (byte) (4 ^ 0xff), 0, 0, 0, 7, (byte) (11 ^ 0xff), 'L', 'K', 'T', 'S'};
        byte[] frame = Arrays.copyOf(encrypted, encrypted.length + trailer.length);
        System.arraycopy(trailer, 0, frame, encrypted.length, trailer.length);
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ring, Optional.of(LiveKitVideoCodec.VP8));
        decryptor.setHasFrameMetadata(true);

        assertThat(decrypt(decryptor, LiveKitFrameType.DELTA, frame)).containsExactly(vp8);
    }

    @Test
    void decrypt_av1Track_isUnsupported() {
        byte[] frame = encrypt(ring(LiveKitKeyOptions.ELEMENT_CALL, 0, KEY), Optional.of(LiveKitVideoCodec.VP9),
                LiveKitFrameType.KEY, OPUS);
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ring(LiveKitKeyOptions.ELEMENT_CALL, 0, KEY),
                Optional.of(LiveKitVideoCodec.AV1));

        assertThatThrownBy(() -> decrypt(decryptor, LiveKitFrameType.KEY, frame))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CODEC));
    }

    @Test
    void encrypt_h264WithThreeByteStartCodes_sendsAFourByteCodeHeaderThatDecrypts() {
        byte[] h264 = Arrays.copyOf(new byte[] {0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, (byte) 0xce, 0, 0, 1, 0x65,
                (byte) 0x88, 0, 0, 0, 1, 2, 3}, 60);
        LiveKitKeyRing ring = ring(LiveKitKeyOptions.ELEMENT_CALL, 0, KEY);

        byte[] frame = encrypt(ring, Optional.of(LiveKitVideoCodec.H264), LiveKitFrameType.KEY, h264);
        byte[] decrypted = decrypt(LiveKitFrameDecryptor.create(ring, Optional.of(LiveKitVideoCodec.H264)),
                LiveKitFrameType.KEY, frame);

        byte[] normalizedHeader = {0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, (byte) 0xce, 0, 0, 0, 1, 0x65, (byte) 0x88};
        assertThat(Arrays.copyOf(frame, normalizedHeader.length)).containsExactly(normalizedHeader);
        assertThat(Arrays.copyOf(decrypted, normalizedHeader.length)).containsExactly(normalizedHeader);
        assertThat(Arrays.copyOfRange(decrypted, normalizedHeader.length, decrypted.length))
                .containsExactly(Arrays.copyOfRange(h264, 15, h264.length));
    }

    @Test
    void decrypt_sixteenByteIvNamedInTheTrailer_isAcceptedLikeWebCryptoDoes() throws Exception {
        LiveKitKeyRing ring = ring(LiveKitKeyOptions.ELEMENT_CALL, 2, KEY);
        byte[] iv = new byte[16];
        Arrays.fill(iv, (byte) 0x42);
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, ring.keySet(2).aesKey, new javax.crypto.spec.GCMParameterSpec(128, iv));
        cipher.updateAAD(OPUS, 0, 1);
        byte[] ciphertext = cipher.doFinal(OPUS, 1, OPUS.length - 1);
        byte[] frame = new byte[1 + ciphertext.length + 16 + 2];
        frame[0] = OPUS[0];
        System.arraycopy(ciphertext, 0, frame, 1, ciphertext.length);
        System.arraycopy(iv, 0, frame, 1 + ciphertext.length, 16);
        frame[frame.length - 2] = 16;
        frame[frame.length - 1] = 2;

        assertThat(decrypt(LiveKitFrameDecryptor.create(ring, Optional.empty()), LiveKitFrameType.AUDIO, frame))
                .containsExactly(OPUS);
    }

    @Test
    void decrypt_publisherStateUnknownOrUnencrypted_dropsOrPassesThrough() {
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ring(LiveKitKeyOptions.ELEMENT_CALL, 0, KEY),
                Optional.empty());

        decryptor.setPublisherEncryption(LiveKitFrameDecryptor.PublisherEncryption.UNENCRYPTED);
        byte[] passedThrough = decrypt(decryptor, LiveKitFrameType.AUDIO, OPUS);
        decryptor.setPublisherEncryption(LiveKitFrameDecryptor.PublisherEncryption.UNKNOWN);

        assertThat(passedThrough).containsExactly(OPUS);
        assertThatThrownBy(() -> decrypt(decryptor, LiveKitFrameType.AUDIO, OPUS))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PUBLISHER_STATE_UNKNOWN));
    }

    @Test
    void decrypt_emptyFrame_passesThroughEmpty() {
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(LiveKitKeyRing.create(
                LiveKitKeyOptions.ELEMENT_CALL), Optional.empty());

        assertThat(decryptor.decrypt(LiveKitFrameType.AUDIO, new byte[0], 0, 0, new byte[0], 0)).isZero();
    }

    @Test
    void roundTrip_seededRandomFramesOfEveryKind_decryptToTheOriginal() {
        long seed = System.nanoTime();
        RandomGenerator random = java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        LiveKitKeyRing ring = ring(LiveKitKeyOptions.ELEMENT_CALL, 7, KEY);
        for (int i = 0; i < 300; i++) {
            LiveKitVideoCodec codec = LiveKitVideoCodec.values()[random.nextInt(4)];
            LiveKitFrameType type = LiveKitFrameType.values()[random.nextInt(3)];
            byte[] frame = new byte[20 + random.nextInt(400)];
            for (int j = 0; j < frame.length; j++) {
                frame[j] = (byte) (random.nextInt(5) == 0 ? 0 : random.nextInt(6)); // many start-code-like bytes
            }
            if (codec == LiveKitVideoCodec.H264) {
                System.arraycopy(new byte[] {0, 0, 0, 1, 0x65}, 0, frame, 0, 5);
            }
            byte[] encrypted = encrypt(ring, Optional.of(codec), type, frame);
            byte[] decrypted = decrypt(LiveKitFrameDecryptor.create(ring, Optional.of(codec)), type, encrypted);

            assertThat(decrypted).as("seed %d, frame %d (%s %s)", seed, i, codec, type)
                    .containsExactly(withNormalizedClearHeader(frame, type, codec));
        }
    }

    /** What a receiver gets back: the sender rewrites 3-byte start codes in an H.264/H.265 clear header to 4 bytes. */
    private static byte[] withNormalizedClearHeader(byte[] frame, LiveKitFrameType type, LiveKitVideoCodec codec) {
        LiveKitClearHeader clearHeader = new LiveKitClearHeader();
        int header = clearHeader.compute(type, codec, frame, 0, frame.length);
        if (!clearHeader.naluProcessing) {
            return frame;
        }
        byte[] out = new byte[frame.length + header];
        int n = LiveKitClearHeader.writeNormalizedHeader(frame, 0, header, out, 0);
        System.arraycopy(frame, header, out, n, frame.length - header);
        return Arrays.copyOf(out, n + frame.length - header);
    }
}
