package dev.myelin.crypto.keyshare.simulation;

import dev.myelin.crypto.keyshare.EpochKeyDerivation;
import dev.myelin.crypto.keyshare.EpochKeyPolicy;
import dev.myelin.crypto.keyshare.KeyMaterialSource;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.crypto.keyshare.KeySharingPolicy;
import dev.myelin.crypto.keyshare.ParticipantId;
import java.util.Objects;
import java.util.function.Function;

/** Which key-sharing policy each simulated participant runs. */
@FunctionalInterface
public interface Population {
    /** The call every simulated epoch key is bound to. */
    EpochKeyDerivation SIMULATED_CALL = new EpochKeyDerivation("!call:sim.myelin.dev", "m.call#ROOM");

    /** A fresh policy for participant number {@code id}, known to others as {@code self}. */
    MemberPolicy policyFor(int id, ParticipantId self, KeyMaterialSource keys);

    /** Whether an epoch sent to every other capable member counts as one broadcast message (a key tree). */
    default boolean broadcastsRotations() {
        return false;
    }

    /** A participant's policy: per-sender keys (js-sdk, Myelin's current policy) or epoch keys. */
    sealed interface MemberPolicy {
        record PerSender(KeySharingPolicy policy) implements MemberPolicy {
            public PerSender {
                Objects.requireNonNull(policy, "policy");
            }
        }

        record Epochs(EpochKeyPolicy policy) implements MemberPolicy {
            public Epochs {
                Objects.requireNonNull(policy, "policy");
            }
        }
    }

    /** Everyone runs a per-sender policy from {@code factory}. */
    static Population perSender(Function<KeyMaterialSource, KeySharingPolicy> factory) {
        Objects.requireNonNull(factory, "factory");
        return (id, self, keys) -> new MemberPolicy.PerSender(factory.apply(keys));
    }

    /** Everyone is epoch-capable. */
    static Population epochs(KeyPolicyConfig config) {
        return mixed(config, 0, null);
    }

    /**
     * The next step, as accounting only: everyone is epoch-capable and the distributor keeps a binary key tree
     * (LKH) whose members each hold their leaf-to-root keys, so a rotation is one broadcast (a room event or SFU
     * data message) carrying about 2⌈log₂ N⌉ wrapped keys that only current members can unwrap, instead of N−1 Olm
     * messages; a joiner still gets its path over Olm (one message). The schedule, delays and races are those of
     * {@link EpochKeyPolicy}; the tree's own cryptography is not simulated.
     */
    static Population epochsOverKeyTree(KeyPolicyConfig config) {
        Population epochs = epochs(config);
        return new Population() {
            @Override
            public MemberPolicy policyFor(int id, ParticipantId self, KeyMaterialSource keys) {
                return epochs.policyFor(id, self, keys);
            }

            @Override
            public boolean broadcastsRotations() {
                return true;
            }
        };
    }

    /**
     * Every {@code legacyEvery}-th participant (ids {@code legacyEvery−1}, {@code 2·legacyEvery−1}, …) runs
     * {@code legacy} and cannot derive epoch keys; the others are epoch-capable. {@code 0} means nobody is legacy.
     */
    static Population mixed(KeyPolicyConfig config, int legacyEvery,
            Function<KeyMaterialSource, KeySharingPolicy> legacy) {
        Objects.requireNonNull(config, "config");
        return (id, self, keys) -> legacyEvery > 0 && id % legacyEvery == legacyEvery - 1
                ? new MemberPolicy.PerSender(legacy.apply(keys))
                : new MemberPolicy.Epochs(new EpochKeyPolicy(self, config, EpochKeyPolicy.DEFAULT_RETAIN_MS, keys,
                        SIMULATED_CALL));
    }
}
