package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.AesSha2Cipher;
import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Curve25519KeyPair;
import dev.myelin.crypto.internal.Primitives;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One Olm session (the Double Ratchet over a 3DH handshake), byte-compatible with libolm and vodozemac. Not thread
 * safe: callers serialise access per session. Decryption is all-or-nothing: a message that fails leaves the session
 * exactly as it was.
 */
public final class OlmSession {
    /** A message more than this many steps ahead of its chain is rejected (libolm's MAX_MESSAGE_GAP). */
    static final int MAX_MESSAGE_GAP = 2000;
    /** Receiver chains kept (newest first); older ones are dropped with their skipped keys. */
    static final int MAX_RECEIVER_CHAINS = 5;
    private static final byte[] OLM_ROOT = "OLM_ROOT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OLM_RATCHET = "OLM_RATCHET".getBytes(StandardCharsets.US_ASCII);

    final Curve25519PublicKey aliceIdentityKey;
    final Curve25519PublicKey aliceBaseKey;
    final Curve25519PublicKey bobOneTimeKey;
    final RandomGenerator random;
    SecretBytes rootKey;
    SenderChain senderChain;
    final List<ReceiverChain> receiverChains = new ArrayList<>();
    boolean receivedMessage;

    /** The chain we send on: our current ratchet key pair and the next chain key. */
    static final class SenderChain {
        final Curve25519KeyPair ratchetKey;
        ChainKey chainKey;

        SenderChain(Curve25519KeyPair ratchetKey, ChainKey chainKey) {
            this.ratchetKey = ratchetKey;
            this.chainKey = chainKey;
        }
    }

    OlmSession(Curve25519PublicKey aliceIdentityKey, Curve25519PublicKey aliceBaseKey,
            Curve25519PublicKey bobOneTimeKey, SecretBytes rootKey, RandomGenerator random) {
        this.aliceIdentityKey = aliceIdentityKey;
        this.aliceBaseKey = aliceBaseKey;
        this.bobOneTimeKey = bobOneTimeKey;
        this.rootKey = rootKey;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Alice's side: 3DH with Bob's identity and one-time key, a fresh base key and a fresh ratchet key. */
    static OlmSession outbound(Curve25519KeyPair ourIdentity, Curve25519PublicKey theirIdentity,
            Curve25519PublicKey theirOneTimeKey, RandomGenerator random) {
        Curve25519KeyPair baseKey = Curve25519KeyPair.generate(random);
        Curve25519KeyPair ratchetKey = Curve25519KeyPair.generate(random);
        byte[] secret;
        try {
            secret = Primitives.concat(ourIdentity.agree(theirOneTimeKey), baseKey.agree(theirIdentity),
                    baseKey.agree(theirOneTimeKey));
        } catch (InvalidKeyException e) {
            throw new OlmException("unusable Curve25519 key for a new session");
        }
        SecretBytes[] rootAndChain = split(Primitives.hkdfSha256(new byte[0], secret, OLM_ROOT, 64));
        Arrays.fill(secret, (byte) 0);
        baseKey.privateKey().wipe();
        var session = new OlmSession(ourIdentity.publicKey(), baseKey.publicKey(), theirOneTimeKey, rootAndChain[0], random);
        session.senderChain = new SenderChain(ratchetKey, new ChainKey(rootAndChain[1], 0));
        return session;
    }

    /** Bob's side, before decrypting the pre-key message: the mirrored 3DH, receiving on Alice's ratchet key. */
    static OlmSession inbound(Curve25519KeyPair ourIdentity, Curve25519KeyPair ourOneTimeKey, PreKeyMessage message,
            RandomGenerator random) {
        byte[] secret;
        try {
            secret = Primitives.concat(ourOneTimeKey.agree(message.identityKey()),
                    ourIdentity.agree(message.baseKey()), ourOneTimeKey.agree(message.baseKey()));
        } catch (InvalidKeyException e) {
            throw new OlmException("unusable Curve25519 key in pre-key message");
        }
        SecretBytes[] rootAndChain = split(Primitives.hkdfSha256(new byte[0], secret, OLM_ROOT, 64));
        Arrays.fill(secret, (byte) 0);
        var session = new OlmSession(message.identityKey(), message.baseKey(), message.oneTimeKey(), rootAndChain[0],
                random);
        session.receiverChains.add(new ReceiverChain(message.message().ratchetKey(), new ChainKey(rootAndChain[1], 0)));
        return session;
    }

    static String sessionId(Curve25519PublicKey identity, Curve25519PublicKey base, Curve25519PublicKey oneTime) {
        return Base64Unpadded.encode(Primitives.sha256(identity.toBytes(), base.toBytes(), oneTime.toBytes()));
    }

    /** {@code base64(SHA-256(I_A ‖ E_A ‖ E_B))}, the same on both sides and equal to libolm's session id. */
    public String sessionId() {
        return sessionId(aliceIdentityKey, aliceBaseKey, bobOneTimeKey);
    }

    /** Whether this session decrypted anything yet; until then it sends pre-key messages. */
    public boolean hasReceivedMessage() {
        return receivedMessage;
    }

    /** Whether {@code message} belongs to this session (same sender identity, base key and one-time key). */
    public boolean matches(PreKeyMessage message) {
        return message.identityKey().equals(aliceIdentityKey) && message.baseKey().equals(aliceBaseKey)
                && message.oneTimeKey().equals(bobOneTimeKey);
    }

    /** Encrypts; a pre-key message until this session has decrypted one from the other side. */
    public OlmMessage encrypt(byte[] plaintext) {
        if (senderChain == null) {
            Curve25519KeyPair ratchetKey = Curve25519KeyPair.generate(random);
            SecretBytes[] rootAndChain = ratchetStep(rootKey, ratchetKey, receiverChains.getFirst().ratchetKey());
            rootKey.wipe();
            rootKey = rootAndChain[0];
            senderChain = new SenderChain(ratchetKey, new ChainKey(rootAndChain[1], 0));
        }
        ChainKey chainKey = senderChain.chainKey;
        SecretBytes messageKey = chainKey.messageKey();
        senderChain.chainKey = chainKey.next();
        chainKey.key().wipe();
        AesSha2Cipher cipher = cipherFor(messageKey);
        NormalMessage message = NormalMessage.seal(senderChain.ratchetKey.publicKey(), chainKey.index(),
                cipher.encrypt(plaintext), cipher);
        cipher.wipe();
        return receivedMessage ? message : PreKeyMessage.wrap(bobOneTimeKey, aliceBaseKey, aliceIdentityKey, message);
    }

    /** Decrypts; throws {@link OlmException} (and changes nothing) when the message does not authenticate. */
    public byte[] decrypt(OlmMessage message) {
        NormalMessage normal = switch (message) {
            case PreKeyMessage preKey -> {
                if (!matches(preKey)) {
                    throw new OlmException("pre-key message belongs to another session");
                }
                yield preKey.message();
            }
            case NormalMessage n -> n;
        };
        byte[] plaintext = decryptNormal(normal);
        receivedMessage = true;
        return plaintext;
    }

    private byte[] decryptNormal(NormalMessage message) {
        long index = message.chainIndex();
        ReceiverChain chain = receiverChains.stream()
                .filter(c -> c.ratchetKey().equals(message.ratchetKey())).findFirst().orElse(null);
        if (chain != null && index < chain.chainKey().index()) {
            SecretBytes key = chain.skippedKey(index)
                    .orElseThrow(() -> new OlmException("message key already used or no longer kept"));
            byte[] plaintext = open(message, key);
            chain.forgetSkippedKey(index);
            return plaintext;
        }
        if (chain != null) {
            Advance advance = advance(chain.chainKey(), index);
            byte[] plaintext = open(message, advance.messageKey);
            chain.advance(advance.nextChainKey, advance.skipped);
            return plaintext;
        }
        if (senderChain == null) {
            throw new OlmException("unexpected new ratchet key");
        }
        SecretBytes[] rootAndChain = ratchetStep(rootKey, senderChain.ratchetKey, message.ratchetKey());
        Advance advance = advance(new ChainKey(rootAndChain[1], 0), index);
        byte[] plaintext = open(message, advance.messageKey);
        rootKey.wipe();
        rootKey = rootAndChain[0];
        var newChain = new ReceiverChain(message.ratchetKey(), advance.nextChainKey);
        newChain.advance(advance.nextChainKey, advance.skipped);
        receiverChains.addFirst(newChain);
        while (receiverChains.size() > MAX_RECEIVER_CHAINS) {
            receiverChains.removeLast().skippedKeys().values().forEach(SecretBytes::wipe);
        }
        // Their new ratchet key retires ours; the next encrypt makes a fresh one.
        senderChain.ratchetKey.privateKey().wipe();
        senderChain = null;
        return plaintext;
    }

    /** The message key at {@code target} and the keys skipped on the way (only the newest few are kept). */
    private record Advance(SecretBytes messageKey, ChainKey nextChainKey, Map<Long, SecretBytes> skipped) {
    }

    private static Advance advance(ChainKey from, long target) {
        if (target - from.index() > MAX_MESSAGE_GAP) {
            throw new OlmException("message index too far ahead");
        }
        var skipped = new LinkedHashMap<Long, SecretBytes>();
        ChainKey chainKey = from;
        while (chainKey.index() < target) {
            if (target - chainKey.index() <= ReceiverChain.MAX_SKIPPED_KEYS) {
                skipped.put(chainKey.index(), chainKey.messageKey());
            }
            chainKey = chainKey.next();
        }
        return new Advance(chainKey.messageKey(), chainKey.next(), skipped);
    }

    private static byte[] open(NormalMessage message, SecretBytes messageKey) {
        AesSha2Cipher cipher = cipherFor(messageKey);
        try {
            if (!message.macMatches(cipher)) {
                throw new OlmException("Olm message failed to decrypt");
            }
            return cipher.decrypt(message.ciphertext()).orElseThrow(() -> new OlmException("Olm message failed to decrypt"));
        } finally {
            cipher.wipe();
        }
    }

    private static AesSha2Cipher cipherFor(SecretBytes messageKey) {
        byte[] key = messageKey.exposeCopy();
        try {
            return new AesSha2Cipher(key, AesSha2Cipher.OLM_KEYS);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@code R' ‖ C = HKDF(salt = R, DH(ours, theirs), "OLM_RATCHET", 64)}. */
    private static SecretBytes[] ratchetStep(SecretBytes root, Curve25519KeyPair ours, Curve25519PublicKey theirs) {
        byte[] shared;
        try {
            shared = ours.agree(theirs);
        } catch (InvalidKeyException e) {
            throw new OlmException("unusable ratchet key");
        }
        byte[] salt = root.exposeCopy();
        byte[] derived = Primitives.hkdfSha256(salt, shared, OLM_RATCHET, 64);
        Arrays.fill(salt, (byte) 0);
        Arrays.fill(shared, (byte) 0);
        return split(derived);
    }

    private static SecretBytes[] split(byte[] sixtyFour) {
        SecretBytes[] halves = {SecretBytes.copyOf(sixtyFour, 0, 32), SecretBytes.copyOf(sixtyFour, 32, 32)};
        Arrays.fill(sixtyFour, (byte) 0);
        return halves;
    }

    /** This session's state, encrypted at rest under {@code key} (32 bytes), to restore with {@link #unpickle}. */
    public byte[] pickle(SecretBytes key) {
        return OlmState.pickle(this, key);
    }

    /** Restores a pickled session; throws {@link OlmException} on a wrong key or damaged bytes. */
    public static OlmSession unpickle(byte[] pickled, SecretBytes key, RandomGenerator random) {
        return OlmState.unpickleSession(pickled, key, random);
    }

    @Override
    public String toString() {
        return "OlmSession[" + sessionId() + "]";
    }
}
