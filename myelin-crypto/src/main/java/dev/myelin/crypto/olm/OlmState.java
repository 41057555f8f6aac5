package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.Curve25519KeyPair;
import dev.myelin.crypto.internal.Ed25519KeyPair;
import dev.myelin.crypto.internal.StateReader;
import dev.myelin.crypto.internal.StateSeal;
import dev.myelin.crypto.internal.StateWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.random.RandomGenerator;

/** Myelin's own pickle format for accounts and sessions (not libolm's), sealed with {@link StateSeal}. */
final class OlmState {
    private static final String ACCOUNT_LABEL = "myelin.olm.account.v1";
    private static final String SESSION_LABEL = "myelin.olm.session.v1";

    private OlmState() {
    }

    static byte[] pickle(OlmAccount account, SecretBytes key) {
        var out = new StateWriter()
                .fixed(account.signingKey.seed().exposeCopy())
                .fixed(account.identityKey.privateKey().exposeCopy())
                .i64(account.nextKeyId)
                .u32(account.oneTimeKeys.size());
        account.oneTimeKeys.values().forEach(k -> writeKey(out, k));
        for (OlmAccount.OneTimeKey fallback : new OlmAccount.OneTimeKey[] {account.fallbackKey,
                account.previousFallbackKey}) {
            out.bool(fallback != null);
            if (fallback != null) {
                writeKey(out, fallback);
            }
        }
        return seal(key, ACCOUNT_LABEL, out.toByteArray());
    }

    private static void writeKey(StateWriter out, OlmAccount.OneTimeKey key) {
        out.string(key.keyId).fixed(key.keyPair.privateKey().exposeCopy()).bool(key.published);
    }

    static OlmAccount unpickleAccount(byte[] pickled, SecretBytes key, RandomGenerator random) {
        byte[] plain = open(key, ACCOUNT_LABEL, pickled);
        try {
            var in = new StateReader(plain);
            var account = new OlmAccount(Ed25519KeyPair.fromSeed(in.fixed(32)),
                    Curve25519KeyPair.fromPrivate(in.fixed(32)), random);
            account.nextKeyId = in.i64();
            int count = in.count(OlmAccount.MAX_ONE_TIME_KEYS);
            for (int i = 0; i < count; i++) {
                OlmAccount.OneTimeKey otk = readKey(in);
                account.oneTimeKeys.put(otk.keyId, otk);
            }
            account.fallbackKey = in.bool() ? readKey(in) : null;
            account.previousFallbackKey = in.bool() ? readKey(in) : null;
            in.requireEnd();
            return account;
        } catch (IllegalArgumentException e) {
            throw new OlmException("damaged account state");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static OlmAccount.OneTimeKey readKey(StateReader in) {
        return new OlmAccount.OneTimeKey(in.string(), Curve25519KeyPair.fromPrivate(in.fixed(32)), in.bool());
    }

    static byte[] pickle(OlmSession session, SecretBytes key) {
        var out = new StateWriter()
                .fixed(session.aliceIdentityKey.toBytes())
                .fixed(session.aliceBaseKey.toBytes())
                .fixed(session.bobOneTimeKey.toBytes())
                .fixed(session.rootKey.exposeCopy())
                .bool(session.receivedMessage)
                .bool(session.senderChain != null);
        if (session.senderChain != null) {
            out.fixed(session.senderChain.ratchetKey.privateKey().exposeCopy());
            writeChainKey(out, session.senderChain.chainKey);
        }
        out.u32(session.receiverChains.size());
        for (ReceiverChain chain : session.receiverChains) {
            out.fixed(chain.ratchetKey().toBytes());
            writeChainKey(out, chain.chainKey());
            out.u32(chain.skippedKeys().size());
            chain.skippedKeys().forEach((index, messageKey) -> out.i64(index).fixed(messageKey.exposeCopy()));
        }
        return seal(key, SESSION_LABEL, out.toByteArray());
    }

    private static void writeChainKey(StateWriter out, ChainKey chainKey) {
        out.fixed(chainKey.key().exposeCopy()).i64(chainKey.index());
    }

    static OlmSession unpickleSession(byte[] pickled, SecretBytes key, RandomGenerator random) {
        byte[] plain = open(key, SESSION_LABEL, pickled);
        try {
            var in = new StateReader(plain);
            var session = new OlmSession(publicKey(in), publicKey(in), publicKey(in), secret(in), random);
            session.receivedMessage = in.bool();
            if (in.bool()) {
                session.senderChain = new OlmSession.SenderChain(Curve25519KeyPair.fromPrivate(in.fixed(32)),
                        readChainKey(in));
            }
            int chains = in.count(OlmSession.MAX_RECEIVER_CHAINS);
            for (int i = 0; i < chains; i++) {
                var chain = new ReceiverChain(publicKey(in), readChainKey(in));
                int skipped = in.count(ReceiverChain.MAX_SKIPPED_KEYS);
                var keys = new LinkedHashMap<Long, SecretBytes>();
                for (int j = 0; j < skipped; j++) {
                    keys.put(in.i64(), secret(in));
                }
                chain.advance(chain.chainKey(), keys);
                session.receiverChains.add(chain);
            }
            in.requireEnd();
            if (session.senderChain == null && session.receiverChains.isEmpty()) {
                throw new IllegalArgumentException("session without chains");
            }
            return session;
        } catch (IllegalArgumentException e) {
            throw new OlmException("damaged session state");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static Curve25519PublicKey publicKey(StateReader in) {
        return Curve25519PublicKey.fromBytes(in.fixed(32));
    }

    private static SecretBytes secret(StateReader in) {
        byte[] bytes = in.fixed(32);
        SecretBytes secret = SecretBytes.copyOf(bytes);
        Arrays.fill(bytes, (byte) 0);
        return secret;
    }

    private static ChainKey readChainKey(StateReader in) {
        SecretBytes chainKey = secret(in);
        long index = in.i64();
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bad chain index");
        }
        return new ChainKey(chainKey, index);
    }

    private static byte[] seal(SecretBytes key, String label, byte[] plain) {
        try {
            return StateSeal.seal(key, label, plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] open(SecretBytes key, String label, byte[] pickled) {
        return StateSeal.open(key, label, pickled).orElseThrow(() -> new OlmException("wrong key or damaged state"));
    }
}
