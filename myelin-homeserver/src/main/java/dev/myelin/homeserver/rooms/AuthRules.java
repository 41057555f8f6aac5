package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.UserId;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization rules of room versions 10 and 11 for events made on this server, checked against the room's
 * current state (one server, so no state resolution). A rejected event is a 403 {@code M_FORBIDDEN} that says why.
 * Knocks and restricted joins (v7/v8/v10 rules) included; not yet covered: third-party invites.
 */
final class AuthRules {
    private AuthRules() {
    }

    static void check(RoomVersion version, EventDraft event, RoomState state) {
        if (event.type().equals("m.room.create")) {
            if (!state.isEmpty()) {
                throw MatrixException.forbidden("The room already has a create event");
            }
            return;
        }
        if (state.get("m.room.create", "").isEmpty()) {
            throw MatrixException.forbidden("The room has no create event");
        }
        if (event.type().equals("m.room.member")) {
            checkMembership(event, state);
            return;
        }
        if (!state.membership(event.sender()).equals("join")) {
            throw MatrixException.forbidden("User " + event.sender() + " is not in the room");
        }
        PowerLevels levels = state.powerLevels();
        int senderLevel = levels.userLevel(event.sender());
        int required = levels.eventLevel(event.type(), event.stateKey().isPresent());
        if (senderLevel < required) {
            throw MatrixException.forbidden("You don't have permission to send " + event.type() + " (level "
                    + required + " needed, you have " + senderLevel + ")");
        }
        if (event.stateKey().filter(key -> key.startsWith("@") && !key.equals(event.sender().toString())).isPresent()) {
            throw MatrixException.forbidden("A state key starting with '@' must be the sender's user id");
        }
        if (event.type().equals("m.room.power_levels") && event.stateKey().orElse("").isEmpty()) {
            PowerLevels.requireIntegers(event.content());
            state.get("m.room.power_levels", "")
                    .ifPresent(previous -> checkPowerLevelChange(previous.content(), event.content(), event.sender(),
                            senderLevel));
        }
    }

    private static void checkMembership(EventDraft event, RoomState state) {
        String key = event.stateKey().orElseThrow(() -> MatrixException.badJson("m.room.member needs a state key"));
        UserId target;
        try {
            target = UserId.parse(key);
        } catch (InvalidIdentifierException e) {
            throw MatrixException.badJson("m.room.member state key must be a user id");
        }
        String membership = event.content().optionalString("membership")
                .orElseThrow(() -> MatrixException.badJson("m.room.member content needs 'membership'"));
        UserId sender = event.sender();
        String senderMembership = state.membership(sender);
        String targetMembership = state.membership(target);
        PowerLevels levels = state.powerLevels();
        int senderLevel = levels.userLevel(sender);
        int targetLevel = levels.userLevel(target);
        switch (membership) {
            case "join" -> {
                if (!sender.equals(target)) {
                    throw MatrixException.forbidden("Cannot force another user to join");
                }
                boolean creatorsFirstJoin = state.creator().filter(target::equals).isPresent()
                        && state.get("m.room.member", target.toString()).isEmpty()
                        && state.all().size() == 1;
                if (creatorsFirstJoin || targetMembership.equals("join")) {
                    return;
                }
                if (targetMembership.equals("ban")) {
                    throw MatrixException.forbidden("You are banned from this room");
                }
                String joinRule = state.joinRule();
                if (joinRule.equals("public") || targetMembership.equals("invite")
                        && (joinRule.equals("invite") || joinRule.equals("knock") || isRestricted(joinRule))) {
                    return;
                }
                if (isRestricted(joinRule)) {
                    // The joining server vouches through a member who may invite (checked here against the state).
                    Optional<UserId> via = event.content().lenientString(AUTHORISED_VIA).flatMap(AuthRules::userId);
                    if (via.isPresent() && state.membership(via.get()).equals("join")
                            && levels.userLevel(via.get()) >= levels.invite()) {
                        return;
                    }
                    throw MatrixException.forbidden("You are not allowed to join this room");
                }
                throw MatrixException.forbidden("You are not invited to this room");
            }
            case "knock" -> {
                String joinRule = state.joinRule();
                if (!joinRule.equals("knock") && !joinRule.equals("knock_restricted")) {
                    throw MatrixException.forbidden("You are not allowed to knock on this room");
                }
                if (!sender.equals(target)) {
                    throw MatrixException.forbidden("Cannot knock on behalf of another user");
                }
                if (Set.of("ban", "join", "invite").contains(targetMembership)) {
                    throw MatrixException.forbidden("You cannot knock while your membership is " + targetMembership);
                }
            }
            case "invite" -> {
                requireJoined(sender, senderMembership);
                if (targetMembership.equals("ban")) {
                    throw MatrixException.forbidden(target + " is banned from the room");
                }
                if (targetMembership.equals("join")) {
                    throw MatrixException.forbidden(target + " is already in the room");
                }
                if (senderLevel < levels.invite()) {
                    throw MatrixException.forbidden("You don't have permission to invite users");
                }
            }
            case "leave" -> {
                if (sender.equals(target)) {
                    if (!Set.of("join", "invite", "knock").contains(targetMembership)) {
                        throw MatrixException.forbidden("You are not in the room");
                    }
                    return;
                }
                requireJoined(sender, senderMembership);
                if (targetMembership.equals("ban") && senderLevel < levels.ban()) {
                    throw MatrixException.forbidden("You don't have permission to unban users");
                }
                if (senderLevel < levels.kick() || senderLevel <= targetLevel) {
                    throw MatrixException.forbidden("You don't have permission to kick " + target);
                }
            }
            case "ban" -> {
                requireJoined(sender, senderMembership);
                if (senderLevel < levels.ban() || senderLevel <= targetLevel) {
                    throw MatrixException.forbidden("You don't have permission to ban " + target);
                }
            }
            default -> throw MatrixException.forbidden("Membership '" + membership + "' is not supported");
        }
    }

    /** The member-event content key naming who authorised a restricted join (v8+). */
    static final String AUTHORISED_VIA = "join_authorised_via_users_server";

    static boolean isRestricted(String joinRule) {
        return joinRule.equals("restricted") || joinRule.equals("knock_restricted");
    }

    private static Optional<UserId> userId(String raw) {
        try {
            return Optional.of(UserId.parse(raw));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }

    private static void requireJoined(UserId sender, String membership) {
        if (!membership.equals("join")) {
            throw MatrixException.forbidden("User " + sender + " is not in the room");
        }
    }

    /** Rule 10 of the power-levels checks: nobody changes a level above their own, or a peer's. */
    private static void checkPowerLevelChange(JsonObject previous, JsonObject next, UserId sender, int senderLevel) {
        for (String key : Set.of("users_default", "events_default", "state_default", "ban", "redact", "kick",
                "invite")) {
            checkChange(key, previous.get(key), next.get(key), senderLevel, false);
        }
        checkMap(previous.optionalObject("events"), next.optionalObject("events"), senderLevel, Optional.empty());
        checkMap(previous.optionalObject("users"), next.optionalObject("users"), senderLevel, Optional.of(sender));
    }

    private static void checkMap(Optional<JsonObject> previous, Optional<JsonObject> next, int senderLevel,
            Optional<UserId> sender) {
        JsonObject before = previous.orElse(JsonObject.EMPTY);
        JsonObject after = next.orElse(JsonObject.EMPTY);
        Set<String> keys = new HashSet<>(before.members().keySet());
        keys.addAll(after.members().keySet());
        for (String key : keys) {
            boolean otherUser = sender.isPresent() && !sender.get().toString().equals(key);
            checkChange(key, before.get(key), after.get(key), senderLevel, otherUser);
        }
    }

    private static void checkChange(String key, Optional<JsonValue> before, Optional<JsonValue> after,
            int senderLevel, boolean otherUser) {
        if (Objects.equals(before, after)) {
            return;
        }
        long old = before.map(AuthRules::integer).orElse(Long.MIN_VALUE);
        long now = after.map(AuthRules::integer).orElse(Long.MIN_VALUE);
        if (old > senderLevel || now > senderLevel || (otherUser && before.isPresent() && old >= senderLevel)) {
            throw MatrixException.forbidden("You don't have permission to change the power level of '" + key + "'");
        }
    }

    private static long integer(JsonValue value) {
        return value instanceof JsonInteger integer ? integer.value() : Long.MAX_VALUE;
    }
}
