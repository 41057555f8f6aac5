package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.KeyShareAction.SendKey;
import dev.myelin.crypto.keyshare.KeyShareAction.UseKey;
import dev.myelin.crypto.keyshare.KeyShareAction.WakeAt;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test helpers: participants by name, deterministic keys, and views of action lists. */
final class PolicyHarness {
    private static byte counter;

    private PolicyHarness() {
    }

    static KeyMaterialSource countingKeys() {
        return length -> {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, ++counter);
            return SecretBytes.copyOf(bytes);
        };
    }

    static Set<ParticipantId> members(String... names) {
        return Stream.of(names).map(ParticipantId::new).collect(Collectors.toSet());
    }

    static List<SendKey> sends(List<KeyShareAction> actions) {
        return actions.stream().filter(SendKey.class::isInstance).map(SendKey.class::cast).toList();
    }

    static List<MediaKey> used(List<KeyShareAction> actions) {
        return actions.stream().filter(UseKey.class::isInstance).map(a -> ((UseKey) a).key()).toList();
    }

    static long wakeAt(List<KeyShareAction> actions) {
        return actions.stream().filter(WakeAt.class::isInstance).mapToLong(a -> ((WakeAt) a).at()).min()
                .orElseThrow(() -> new AssertionError("no wake-up in " + actions));
    }
}
