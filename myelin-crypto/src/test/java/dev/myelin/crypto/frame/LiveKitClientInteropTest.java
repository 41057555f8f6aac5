package dev.myelin.crypto.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Real peer: livekit-client 2.23.0's own E2EE worker, run in Node by interop/livekit-client/frames.mjs, encrypts fresh
 * frames that Java decrypts, and decrypts frames Java encrypted.
 */
class LiveKitClientInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int KEY_INDEX = 5;

    /** One frame of the exchange: what it is and its plaintext. */
    record Sample(String name, LiveKitFrameType type, Optional<LiveKitVideoCodec> codec, long ssrc, long timestamp,
            byte[] plaintext) {
        String kind() {
            return type == LiveKitFrameType.AUDIO ? "audio" : "video";
        }

        String mime() {
            return codec.map(c -> "video/" + c.name()).orElse("");
        }
    }

    private static List<Sample> samples(RandomGenerator random) {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("opus", LiveKitFrameType.AUDIO, Optional.empty(), 0x11223344L, 960,
                withPrefix(random, 120, 0xfc)));
        samples.add(new Sample("vp8 key", LiveKitFrameType.KEY, Optional.of(LiveKitVideoCodec.VP8), 0xdeadbeefL, 90000,
                withPrefix(random, 3000, 0xb0, 0xab, 0x01, 0x9d, 0x01, 0x2a)));
        samples.add(new Sample("vp8 delta", LiveKitFrameType.DELTA, Optional.of(LiveKitVideoCodec.VP8), 0xdeadbeefL,
                93000, withPrefix(random, 700, 0x31)));
        samples.add(new Sample("vp9", LiveKitFrameType.KEY, Optional.of(LiveKitVideoCodec.VP9), 7, 3000,
                withPrefix(random, 900, 0x82)));
        samples.add(new Sample("h264 idr", LiveKitFrameType.KEY, Optional.of(LiveKitVideoCodec.H264), 9, 180000,
                withPrefix(zeroHeavy(random, 2000), 0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f, 0, 0, 0, 1, 0x68, 0xce, 0x3c,
                        0x80, 0, 0, 0, 1, 0x65, 0x88, 0x84)));
        samples.add(new Sample("h264 delta", LiveKitFrameType.DELTA, Optional.of(LiveKitVideoCodec.H264), 9, 183000,
                withPrefix(zeroHeavy(random, 500), 0, 0, 0, 1, 0x41, 0x9a)));
        samples.add(new Sample("h265 idr", LiveKitFrameType.KEY, Optional.of(LiveKitVideoCodec.H265), 10, 1000,
                withPrefix(zeroHeavy(random, 800), 0, 0, 0, 1, 0x40, 0x01, 0x0c, 0, 0, 0, 1, 0x26, 0x01, 0xaf)));
        return samples;
    }

    @Test
    void livekitClientEncrypts_javaDecryptsEveryCodec() throws Exception {
        long seed = System.nanoTime();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        List<Sample> samples = samples(random);

        List<Optional<byte[]>> encrypted = runNode(rawKey, samples, "encrypt", samples.stream().map(Sample::plaintext).toList());

        LiveKitKeyRing ring = ring(rawKey);
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            byte[] frame = encrypted.get(i).orElseThrow(() -> new AssertionError("livekit-client dropped a frame"));
            byte[] out = new byte[frame.length];
            int n = LiveKitFrameDecryptor.create(ring, sample.codec()).decrypt(sample.type(), frame, 0, frame.length,
                    out, 0);
            assertThat(Arrays.copyOf(out, n)).as("seed %d, %s", seed, sample.name()).containsExactly(sample.plaintext());
            assertThat(frame[frame.length - 1]).isEqualTo((byte) KEY_INDEX);
        }
    }

    @Test
    void javaEncrypts_livekitClientDecryptsEveryCodec() throws Exception {
        long seed = System.nanoTime();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        List<Sample> samples = samples(random);
        LiveKitKeyRing ring = ring(rawKey);
        List<byte[]> frames = new ArrayList<>();
        for (Sample sample : samples) {
            LiveKitFrameEncryptor encryptor = LiveKitFrameEncryptor.create(ring, sample.codec());
            byte[] out = new byte[LiveKitFrameEncryptor.maxEncryptedLength(sample.plaintext().length)];
            int n = encryptor.encrypt(sample.type(), sample.ssrc(), sample.timestamp(), sample.plaintext(), 0,
                    sample.plaintext().length, out, 0);
            frames.add(Arrays.copyOf(out, n));
        }

        List<Optional<byte[]>> decrypted = runNode(rawKey, samples, "decrypt", frames);

        for (int i = 0; i < samples.size(); i++) {
            assertThat(decrypted.get(i)).as("seed %d, %s", seed, samples.get(i).name()).isPresent();
            assertThat(decrypted.get(i).orElseThrow()).as("seed %d, %s", seed, samples.get(i).name())
                    .containsExactly(samples.get(i).plaintext());
        }
    }

    /** Documents the reference's ratchet quirk that our decryptor improves on (see LiveKitFrameDecryptor). */
    @Test
    void javaSenderRatchets_livekitClientRecoversOneStepButNotTwo() throws Exception {
        long seed = System.nanoTime();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        Sample opus = samples(random).get(0);
        LiveKitKeyMaterial once = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(rawKey))
                .ratchet(LiveKitKeyOptions.DEFAULT_RATCHET_SALT);
        LiveKitKeyMaterial twice = once.ratchet(LiveKitKeyOptions.DEFAULT_RATCHET_SALT);
        List<byte[]> frames = new ArrayList<>();
        for (LiveKitKeyMaterial material : List.of(twice, once)) {
            LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
            ring.setKey(KEY_INDEX, material);
            byte[] out = new byte[LiveKitFrameEncryptor.maxEncryptedLength(opus.plaintext().length)];
            int n = LiveKitFrameEncryptor.create(ring, Optional.empty()).encrypt(opus.type(), opus.ssrc(),
                    opus.timestamp(), opus.plaintext(), 0, opus.plaintext().length, out, 0);
            frames.add(Arrays.copyOf(out, n));
        }

        List<Optional<byte[]>> decrypted = runNode(rawKey, List.of(opus, opus), "decrypt", frames);

        assertThat(decrypted.get(0)).as("seed %d: two ratchet steps", seed).isEmpty();
        assertThat(decrypted.get(1)).as("seed %d: one ratchet step", seed).hasValueSatisfying(
                plaintext -> assertThat(plaintext).containsExactly(opus.plaintext()));
        byte[] out = new byte[frames.get(0).length];
        int n = LiveKitFrameDecryptor.create(ring(rawKey), Optional.empty()).decrypt(opus.type(), frames.get(0), 0,
                frames.get(0).length, out, 0);
        assertThat(Arrays.copyOf(out, n)).as("we recover both steps").containsExactly(opus.plaintext());
    }

    /**
     * Differential test of the clear-header rules: with both send counters pinned to 0, livekit-client and Java must
     * produce the same bytes for random frames of every codec, many of them NAL-unit shaped with 3- and 4-byte start
     * codes, leading garbage, trailing zeros and every slice type.
     */
    @Test
    void randomFrames_javaEncryptsByteForByteLikeLivekitClient() throws Exception {
        long seed = System.nanoTime();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            samples.add(randomSample(random, i));
        }
        LiveKitKeyRing ring = ring(rawKey);
        List<byte[]> javaFrames = new ArrayList<>();
        for (Sample sample : samples) {
            LiveKitFrameEncryptor encryptor = LiveKitFrameEncryptor.create(ring, sample.codec(), () -> 0L);
            byte[] out = new byte[LiveKitFrameEncryptor.maxEncryptedLength(sample.plaintext().length)];
            int n = encryptor.encrypt(sample.type(), sample.ssrc(), sample.timestamp(), sample.plaintext(), 0,
                    sample.plaintext().length, out, 0);
            javaFrames.add(Arrays.copyOf(out, n));
        }

        List<Optional<byte[]>> nodeFrames = runNode(rawKey, samples, "encrypt",
                samples.stream().map(Sample::plaintext).toList(), true);

        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            assertThat(nodeFrames.get(i)).as("seed %d, %s", seed, sample.name()).isPresent();
            assertThat(HEX.formatHex(javaFrames.get(i))).as("seed %d, %s, plaintext %s", seed, sample.name(),
                    HEX.formatHex(sample.plaintext())).isEqualTo(HEX.formatHex(nodeFrames.get(i).orElseThrow()));
        }
    }

    private static final int[] NAL_HEADERS = {0x65, 0x41, 0x61, 0x67, 0x68, 0x06, 0x09, 0x01, 0x05, 0x25, 0x21,
        0x40, 0x42, 0x44, 0x26, 0x28, 0x2a, 0x02, 0x00, 0x4e, 0x50, 0x12, 0x20, 0x1c, 0x0c};

    private static Sample randomSample(RandomGenerator random, int index) {
        int kind = random.nextInt(6);
        LiveKitFrameType type = kind == 0 ? LiveKitFrameType.AUDIO
                : random.nextInt(20) == 0 ? LiveKitFrameType.EMPTY
                : random.nextBoolean() ? LiveKitFrameType.KEY : LiveKitFrameType.DELTA;
        Optional<LiveKitVideoCodec> codec = switch (kind) {
            case 1 -> Optional.of(LiveKitVideoCodec.VP8);
            case 2 -> Optional.of(LiveKitVideoCodec.VP9);
            case 3 -> Optional.of(LiveKitVideoCodec.H264);
            case 4 -> Optional.of(LiveKitVideoCodec.H265);
            default -> Optional.empty();
        };
        var frame = new java.io.ByteArrayOutputStream();
        if (random.nextInt(8) == 0) {
            frame.write(random.nextInt(256)); // leading garbage: livekit-client's NALU parser refuses it
        }
        if (random.nextInt(6) == 0) {
            frame.write(0); // a leading zero before the first start code is allowed
        }
        int units = random.nextInt(5);
        for (int u = 0; u < units; u++) {
            if (random.nextBoolean()) {
                frame.write(0);
            }
            frame.writeBytes(new byte[] {0, 0, 1});
            frame.write(NAL_HEADERS[random.nextInt(NAL_HEADERS.length)]);
            int payload = random.nextInt(12);
            for (int b = 0; b < payload; b++) {
                int value = random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(4);
                frame.write(value == 1 && random.nextBoolean() ? 2 : value);
            }
            if (random.nextInt(4) == 0) {
                frame.write(0);
            }
        }
        while (frame.size() < 11 || random.nextInt(3) == 0) {
            frame.write(random.nextInt(5) == 0 ? random.nextInt(256) : random.nextInt(4));
        }
        String name = "frame " + index + " " + type + " " + codec.map(Enum::name).orElse("unknown");
        return new Sample(name, type, codec, random.nextLong(1L << 32), random.nextLong(1L << 32),
                frame.toByteArray());
    }

    private static LiveKitKeyRing ring(byte[] rawKey) {
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(KEY_INDEX, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(rawKey)));
        return ring;
    }

    private static List<Optional<byte[]>> runNode(byte[] rawKey, List<Sample> samples, String op, List<byte[]> data)
            throws IOException, InterruptedException {
        return runNode(rawKey, samples, op, data, false);
    }

    private static List<Optional<byte[]>> runNode(byte[] rawKey, List<Sample> samples, String op, List<byte[]> data,
            boolean zeroSendCount) throws IOException, InterruptedException {
        List<JsonValue> frames = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            JsonObject.Builder frame = JsonObject.builder().put("op", op).put("kind", sample.kind())
                    .put("ssrc", sample.ssrc()).put("timestamp", sample.timestamp())
                    .put("hex", HEX.formatHex(data.get(i)));
            if (sample.type() != LiveKitFrameType.AUDIO) {
                frame.put("type", sample.type().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (!sample.mime().isEmpty()) {
                frame.put("mime", sample.mime());
            }
            frames.add(frame.build());
        }
        List<Optional<byte[]>> frameResults = new ArrayList<>();
        for (JsonObject frame : runNodeJob(rawKey, frames, zeroSendCount)) {
            frameResults.add(frame.optionalString("hex").map(HEX::parseHex));
        }
        assertThat(frameResults).hasSize(samples.size());
        return frameResults;
    }

    /** Runs frames.mjs on one job; returns its per-frame results. */
    private static List<JsonObject> runNodeJob(byte[] rawKey, List<JsonValue> frames, boolean zeroSendCount)
            throws IOException, InterruptedException {
        JsonObject options = JsonObject.builder().put("sharedKey", false)
                .put("ratchetSalt", LiveKitKeyOptions.DEFAULT_RATCHET_SALT).put("ratchetWindowSize", 10)
                .put("failureTolerance", 10).put("keyringSize", 256).put("keySize", 128).build();
        return runNodeJob(JsonObject.builder().put("keyHex", HEX.formatHex(rawKey)).put("zeroSendCount", zeroSendCount)
                .put("options", options).build(), frames);
    }

    /** Runs frames.mjs with {@code key} (keyHex or passphrase, options, zeroSendCount) and the frames. */
    private static List<JsonObject> runNodeJob(JsonObject key, List<JsonValue> frames)
            throws IOException, InterruptedException {
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/livekit-client");
        assertThat(folder.resolve("node_modules/livekit-client"))
                .as("livekit-client not installed: run `npm ci` in %s (./myelin test does)", folder).exists();
        JsonObject job = JsonObject.builder().putAll(key).put("keyIndex", KEY_INDEX)
                .put("frames", new JsonArray(frames)).build();
        Process node;
        try {
            node = new ProcessBuilder("node", "frames.mjs").directory(folder.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new AssertionError("Node.js (node) is required for the livekit-client interop test", e);
        }
        try (var stdin = node.getOutputStream()) {
            stdin.write(Json.writeBytes(job));
        }
        byte[] output = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node exit code, output: %s", new String(output, StandardCharsets.UTF_8))
                .isZero();
        JsonObject result = Json.parseObject(output);
        List<JsonObject> results = result.array("results").objects();
        assertThat(results).as("log: %s", result.array("log")).hasSize(frames.size());
        return results;
    }

    @Test
    void sharedPassphrase_framesCrossInBothDirections() throws Exception {
        String passphrase = "correct horse " + System.nanoTime();
        JsonObject options = JsonObject.builder().put("sharedKey", true)
                .put("ratchetSalt", LiveKitKeyOptions.DEFAULT_RATCHET_SALT).put("ratchetWindowSize", 0)
                .put("failureTolerance", -1).put("keyringSize", 16).put("keySize", 128).build();
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.SHARED_PASSPHRASE);
        ring.setKey(KEY_INDEX, LiveKitKeyMaterial.fromPassphrase(passphrase));

        crossOneFrameEachWay(JsonObject.builder().put("passphrase", passphrase).put("options", options).build(), ring);
    }

    @Test
    void aes256Keys_framesCrossInBothDirections() throws Exception {
        byte[] rawKey = new byte[32];
        RandomGeneratorFactory.of("L64X128MixRandom").create(System.nanoTime()).nextBytes(rawKey);
        JsonObject options = JsonObject.builder().put("sharedKey", false)
                .put("ratchetSalt", LiveKitKeyOptions.DEFAULT_RATCHET_SALT).put("ratchetWindowSize", 10)
                .put("failureTolerance", 10).put("keyringSize", 256).put("keySize", 256).build();
        LiveKitKeyRing ring = LiveKitKeyRing.create(
                new LiveKitKeyOptions(LiveKitKeyOptions.DEFAULT_RATCHET_SALT, 10, 10, 256, 256));
        ring.setKey(KEY_INDEX, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(rawKey)));

        crossOneFrameEachWay(JsonObject.builder().put("keyHex", HEX.formatHex(rawKey)).put("options", options).build(),
                ring);
    }

    /** Node decrypts an Opus frame Java encrypted with {@code ring}, and encrypts one that Java decrypts. */
    private static void crossOneFrameEachWay(JsonObject nodeKey, LiveKitKeyRing ring) throws Exception {
        byte[] fromJava = opusFrame(0x11);
        byte[] fromNode = opusFrame(0x22);
        byte[] encrypted = new byte[LiveKitFrameEncryptor.maxEncryptedLength(fromJava.length)];
        int n = LiveKitFrameEncryptor.create(ring, Optional.empty()).encrypt(LiveKitFrameType.AUDIO, 1, 960, fromJava,
                0, fromJava.length, encrypted, 0);

        List<JsonObject> results = runNodeJob(nodeKey, List.of(
                audioFrame("decrypt", Arrays.copyOf(encrypted, n)), audioFrame("encrypt", fromNode)));

        assertThat(results.get(0).optionalString("hex")).as("node decrypted ours").contains(HEX.formatHex(fromJava));
        byte[] nodeFrame = HEX.parseHex(results.get(1).string("hex"));
        byte[] out = new byte[nodeFrame.length];
        int m = LiveKitFrameDecryptor.create(ring, Optional.empty()).decrypt(LiveKitFrameType.AUDIO, nodeFrame, 0,
                nodeFrame.length, out, 0);
        assertThat(Arrays.copyOf(out, m)).containsExactly(fromNode);
    }

    private static byte[] opusFrame(int fill) {
        byte[] frame = new byte[60];
        Arrays.fill(frame, (byte) fill);
        frame[0] = (byte) 0xfc;
        return frame;
    }

    private static JsonObject audioFrame(String op, byte[] data) {
        return JsonObject.builder().put("op", op).put("kind", "audio").put("ssrc", 1).put("timestamp", 960)
                .put("hex", HEX.formatHex(data)).build();
    }

    @Test
    void dataPackets_encryptedOnEitherSide_decryptOnTheOther() throws Exception {
        long seed = System.nanoTime();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        byte[] fromNode = new byte[1 + random.nextInt(300)];
        random.nextBytes(fromNode);
        byte[] fromJava = new byte[1 + random.nextInt(300)];
        random.nextBytes(fromJava);
        LiveKitDataCryptor cryptor = LiveKitDataCryptor.create(ring(rawKey));
        LiveKitDataCryptor.EncryptedData javaPacket = cryptor.encrypt(fromJava);

        List<JsonObject> results = runNodeJob(rawKey, List.of(
                JsonObject.builder().put("op", "encryptData").put("hex", HEX.formatHex(fromNode)).build(),
                JsonObject.builder().put("op", "decryptData").put("hex", HEX.formatHex(javaPacket.ciphertext()))
                        .put("ivHex", HEX.formatHex(javaPacket.iv())).put("keyIndex", javaPacket.keyIndex()).build()),
                false);

        JsonObject nodePacket = results.get(0);
        byte[] decrypted = cryptor.decrypt(new LiveKitDataCryptor.EncryptedData(HEX.parseHex(nodePacket.string("hex")),
                HEX.parseHex(nodePacket.string("ivHex")), (int) nodePacket.integer("keyIndex")));
        assertThat(decrypted).as("seed %d", seed).containsExactly(fromNode);
        assertThat(results.get(1).optionalString("hex")).as("seed %d", seed).contains(HEX.formatHex(fromJava));
    }

    private static byte[] withPrefix(RandomGenerator random, int length, int... prefix) {
        byte[] frame = new byte[length];
        random.nextBytes(frame);
        return withPrefix(frame, prefix);
    }

    private static byte[] withPrefix(byte[] frame, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            frame[i] = (byte) prefix[i];
        }
        return frame;
    }

    /**
     * Bytes full of zeros, 2s and 3s (escaping-prone), but no 0x01: the payload must hold no start code, else its
     * NAL units would take part in codec detection.
     */
    private static byte[] zeroHeavy(RandomGenerator random, int length) {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) {
            int b = random.nextInt(3) == 0 ? random.nextInt(256) : random.nextInt(4);
            frame[i] = (byte) (b == 1 ? 2 : b);
        }
        return frame;
    }
}
