package dev.myelin.crypto.megolm;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.StateReader;
import dev.myelin.crypto.internal.StateSeal;
import dev.myelin.crypto.internal.StateWriter;
import java.util.Arrays;

/** Myelin's own pickle format for group sessions, sealed with {@link StateSeal}. */
final class MegolmState {
    static final String OUTBOUND_LABEL = "myelin.megolm.outbound.v1";
    static final String INBOUND_LABEL = "myelin.megolm.inbound.v1";

    private MegolmState() {
    }

    static void writeRatchet(StateWriter out, MegolmRatchet ratchet) {
        out.fixed(ratchet.data()).u32(ratchet.index());
    }

    static MegolmRatchet readRatchet(StateReader in) {
        byte[] data = in.fixed(MegolmRatchet.LENGTH);
        var ratchet = new MegolmRatchet(data, (int) in.u32());
        Arrays.fill(data, (byte) 0);
        return ratchet;
    }

    static byte[] seal(SecretBytes key, String label, StateWriter out) {
        byte[] plain = out.toByteArray();
        try {
            return StateSeal.seal(key, label, plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Opens, parses with {@code parser}, and wipes the plaintext; any failure is one {@link MegolmException}. */
    static <T> T open(SecretBytes key, String label, byte[] pickled, java.util.function.Function<StateReader, T> parser) {
        byte[] plain = StateSeal.open(key, label, pickled)
                .orElseThrow(() -> new MegolmException("wrong key or damaged state"));
        try {
            var in = new StateReader(plain);
            T result = parser.apply(in);
            in.requireEnd();
            return result;
        } catch (IllegalArgumentException e) {
            throw new MegolmException("damaged group session state");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
