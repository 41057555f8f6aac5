package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.keyshare.KeyShareAction.SendKey;
import dev.myelin.crypto.keyshare.KeyShareAction.UseKey;
import dev.myelin.crypto.keyshare.KeyShareAction.WakeAt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * matrix-js-sdk 43's policy, modelled for comparison: the first key is used at once; any leave makes a new key for
 * everyone; a join gets the newest key if it is younger than the grace period, else a new key for everyone; new keys
 * go into use after a fixed delay; a rotation asked for while one is rolling out happens once, after it. Failed
 * deliveries are only logged.
 */
public final class JsSdkKeyPolicy implements KeySharingPolicy {
    public static final long GRACE_MS = 10_000;
    public static final long USE_KEY_DELAY_MS = 1_000;
    static final int KEY_LENGTH = 16;

    private final KeyMaterialSource keySource;
    private Set<ParticipantId> members = Set.of();
    private MediaKey newest;
    private long newestCreatedAt;
    private long useAt = -1;
    private boolean rotationQueued;
    private long nextSendId = 1;

    public JsSdkKeyPolicy(KeyMaterialSource keySource) {
        this.keySource = Objects.requireNonNull(keySource, "keySource");
    }

    @Override
    public List<KeyShareAction> onMembersChanged(Set<ParticipantId> others, long now) {
        var actions = new ArrayList<KeyShareAction>();
        var delta = MembershipDelta.between(members, others);
        Set<ParticipantId> joined = delta.joined();
        boolean someoneLeft = delta.someoneLeft();
        members = Set.copyOf(others);
        if (newest == null) {
            newest = new MediaKey(0, keySource.newKey(KEY_LENGTH));
            newestCreatedAt = now;
            actions.add(new UseKey(newest));
            send(newest, members, actions);
        } else if (someoneLeft || (!joined.isEmpty() && now - newestCreatedAt >= GRACE_MS)) {
            rotate(now, actions);
        } else if (!joined.isEmpty()) {
            send(newest, joined, actions);
        }
        return actions;
    }

    @Override
    public List<KeyShareAction> onTimer(long now) {
        var actions = new ArrayList<KeyShareAction>();
        if (useAt >= 0 && now >= useAt) {
            useAt = -1;
            actions.add(new UseKey(newest));
            if (rotationQueued) {
                rotationQueued = false;
                rotate(now, actions);
            }
        } else if (useAt >= 0) {
            actions.add(new WakeAt(useAt));
        }
        return actions;
    }

    @Override
    public List<KeyShareAction> onDelivered(long sendId, Set<ParticipantId> failed, long now) {
        return List.of(); // js-sdk logs failures and does not retry
    }

    private void rotate(long now, List<KeyShareAction> actions) {
        if (useAt >= 0) {
            rotationQueued = true; // serialised: one more rotation once this rollout is done
            return;
        }
        newest = new MediaKey(newest.nextIndex(), keySource.newKey(KEY_LENGTH));
        newestCreatedAt = now;
        send(newest, members, actions);
        useAt = now + USE_KEY_DELAY_MS;
        actions.add(new WakeAt(useAt));
    }

    private void send(MediaKey key, Set<ParticipantId> recipients, List<KeyShareAction> actions) {
        if (!recipients.isEmpty()) {
            actions.add(new SendKey(nextSendId++, key, recipients));
        }
    }
}
