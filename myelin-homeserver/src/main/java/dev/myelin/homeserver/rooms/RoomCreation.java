package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomAlias;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of {@code POST /createRoom}, in Synapse's order: create, the creator's join, power levels, the preset's
 * join rules / history visibility / guest access (overridden by {@code initial_state} of the same type and key),
 * the rest of {@code initial_state}, name, topic, then invites.
 */
final class RoomCreation {
    /** MatrixRTC membership types any member may send (state_default would otherwise demand 50). */
    static final List<String> RTC_MEMBER_TYPES = List.of("org.matrix.msc3401.call.member",
            "org.matrix.msc4143.rtc.member");

    private RoomCreation() {
    }

    record Plan(RoomVersion version, List<EventDraft> drafts, Optional<RoomAlias> alias) {
    }

    static Plan plan(UserId creator, JsonObject body, RoomVersion defaultVersion) {
        return plan(creator, body, defaultVersion, JsonObject.builder().put("membership", "join").build());
    }

    static Plan plan(UserId creator, JsonObject body, RoomVersion defaultVersion, JsonObject creatorJoin) {
        RoomVersion version = body.optionalString("room_version").map(RoomVersion::of).orElse(defaultVersion);
        String visibility = body.optionalString("visibility").orElse("private");
        if (!visibility.equals("public") && !visibility.equals("private")) {
            throw MatrixException.invalidParam("visibility must be 'public' or 'private'");
        }
        String preset = body.optionalString("preset")
                .orElse(visibility.equals("public") ? "public_chat" : "private_chat");
        if (!List.of("public_chat", "private_chat", "trusted_private_chat").contains(preset)) {
            throw MatrixException.invalidParam("Unknown preset '" + preset + "'");
        }
        List<UserId> invitees = body.optionalArray("invite").map(a -> a.strings()).orElse(List.of()).stream()
                .map(UserId::parse).toList();
        boolean isDirect = body.optionalBool("is_direct").orElse(false);

        var drafts = new ArrayList<EventDraft>();
        JsonObject createContent = body.optionalObject("creation_content").orElse(JsonObject.EMPTY)
                .without("creator", "room_version");
        if (version.createHasCreatorField()) {
            createContent = createContent.with("creator", JsonValue.of(creator.toString()));
        }
        createContent = createContent.with("room_version", JsonValue.of(version.id()));
        drafts.add(EventDraft.state("m.room.create", "", creator, createContent));
        drafts.add(EventDraft.state("m.room.member", creator.toString(), creator, creatorJoin));

        Map<String, EventDraft> initialState = new LinkedHashMap<>();
        for (JsonObject event : body.optionalArray("initial_state").map(a -> a.objects()).orElse(List.of())) {
            var draft = EventDraft.state(event.string("type"), event.optionalString("state_key").orElse(""), creator,
                    event.object("content"));
            if (draft.type().equals("m.room.create") || draft.type().equals("m.room.member")) {
                throw MatrixException.invalidParam("initial_state may not contain " + draft.type());
            }
            initialState.put(draft.type() + "\u0000" + draft.stateKey().orElseThrow(), draft);
        }

        JsonObject levels = initialState.containsKey("m.room.power_levels\u0000")
                ? initialState.remove("m.room.power_levels\u0000").content()
                : defaultPowerLevels(creator, preset, invitees);
        for (var override : body.optionalObject("power_level_content_override").orElse(JsonObject.EMPTY)
                .members().entrySet()) {
            levels = levels.with(override.getKey(), override.getValue());
        }
        drafts.add(EventDraft.state("m.room.power_levels", "", creator, levels));
        Optional<RoomAlias> alias = body.optionalString("room_alias_name").map(name -> {
            try {
                return new RoomAlias(name, creator.server());
            } catch (IllegalArgumentException e) {
                throw MatrixException.invalidParam("Invalid room_alias_name '" + name + "'");
            }
        });
        alias.ifPresent(a -> drafts.add(EventDraft.state("m.room.canonical_alias", "", creator,
                JsonObject.builder().put("alias", a.toString()).build())));

        boolean isPublic = preset.equals("public_chat");
        var presetState = new LinkedHashMap<String, JsonObject>();
        presetState.put("m.room.join_rules", JsonObject.builder().put("join_rule", isPublic ? "public" : "invite")
                .build());
        presetState.put("m.room.history_visibility", JsonObject.builder().put("history_visibility", "shared").build());
        if (!isPublic) {
            presetState.put("m.room.guest_access", JsonObject.builder().put("guest_access", "can_join").build());
        }
        presetState.forEach((type, content) -> {
            EventDraft fromInitial = initialState.remove(type + "\u0000");
            drafts.add(fromInitial != null ? fromInitial : EventDraft.state(type, "", creator, content));
        });
        drafts.addAll(initialState.values());

        body.optionalString("name").ifPresent(name -> drafts.add(EventDraft.state("m.room.name", "", creator,
                JsonObject.builder().put("name", name).build())));
        body.optionalString("topic").ifPresent(topic -> drafts.add(EventDraft.state("m.room.topic", "", creator,
                JsonObject.builder().put("topic", topic).build())));
        for (UserId invitee : invitees) {
            var content = JsonObject.builder().put("membership", "invite");
            if (isDirect) {
                content.put("is_direct", true);
            }
            drafts.add(EventDraft.state("m.room.member", invitee.toString(), creator, content.build()));
        }
        return new Plan(version, List.copyOf(drafts), alias);
    }

    /** Synapse's defaults, plus MatrixRTC membership types at level 0 so every member can join calls. */
    static JsonObject defaultPowerLevels(UserId creator, String preset, List<UserId> invitees) {
        var users = JsonObject.builder().put(creator.toString(), 100);
        if (preset.equals("trusted_private_chat")) {
            invitees.forEach(invitee -> users.put(invitee.toString(), 100));
        }
        var events = JsonObject.builder()
                .put("m.room.name", 50)
                .put("m.room.power_levels", 100)
                .put("m.room.history_visibility", 100)
                .put("m.room.canonical_alias", 50)
                .put("m.room.avatar", 50)
                .put("m.room.tombstone", 100)
                .put("m.room.server_acl", 100)
                .put("m.room.encryption", 100);
        RTC_MEMBER_TYPES.forEach(type -> events.put(type, 0));
        return JsonObject.builder()
                .put("users", users.build())
                .put("users_default", 0)
                .put("events", events.build())
                .put("events_default", 0)
                .put("state_default", 50)
                .put("ban", 50)
                .put("kick", 50)
                .put("redact", 50)
                .put("invite", preset.equals("public_chat") ? 50 : 0)
                .put("notifications", JsonObject.builder().put("room", 50).build())
                .build();
    }
}
