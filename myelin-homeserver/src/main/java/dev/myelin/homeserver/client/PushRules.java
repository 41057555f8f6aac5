package dev.myelin.homeserver.client;

import dev.myelin.json.Json;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonBoolean;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's push rule set (the {@code global} scope): the server-default rules as Synapse serves them (the spec's
 * predefined rules plus the legacy mention rules, without unstable ones), and the user's own rules placed before the
 * defaults of their kind (after {@code .m.rule.master} for override). Immutable; changes return a new set.
 */
final class PushRules {
    static final List<String> KINDS = List.of("override", "content", "room", "sender", "underride");

    /** The defaults, with {@code "@USER@"} and {@code "@LOCALPART@"} standing for JSON strings of the user's. */
    private static final String DEFAULTS = """
            {"override":[
             {"rule_id":".m.rule.master","default":true,"enabled":false,"conditions":[],"actions":[]},
             {"rule_id":".m.rule.suppress_notices","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"content.msgtype","pattern":"m.notice"}],"actions":[]},
             {"rule_id":".m.rule.invite_for_me","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.member"},
                {"kind":"event_match","key":"content.membership","pattern":"invite"},
                {"kind":"event_match","key":"state_key","pattern":"@USER@"}],
              "actions":["notify",{"set_tweak":"highlight","value":false},{"set_tweak":"sound","value":"default"}]},
             {"rule_id":".m.rule.member_event","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.member"}],"actions":[]},
             {"rule_id":".m.rule.is_user_mention","default":true,"enabled":true,
              "conditions":[{"kind":"event_property_contains","key":"content.m\\\\.mentions.user_ids","value":"@USER@"}],
              "actions":["notify",{"set_tweak":"highlight"},{"set_tweak":"sound","value":"default"}]},
             {"rule_id":".m.rule.contains_display_name","default":true,"enabled":true,
              "conditions":[{"kind":"contains_display_name"}],
              "actions":["notify",{"set_tweak":"highlight"},{"set_tweak":"sound","value":"default"}]},
             {"rule_id":".m.rule.is_room_mention","default":true,"enabled":true,
              "conditions":[{"kind":"event_property_is","key":"content.m\\\\.mentions.room","value":true},
                {"kind":"sender_notification_permission","key":"room"}],
              "actions":["notify",{"set_tweak":"highlight"}]},
             {"rule_id":".m.rule.roomnotif","default":true,"enabled":true,
              "conditions":[{"kind":"sender_notification_permission","key":"room"},
                {"kind":"event_match","key":"content.body","pattern":"@room"}],
              "actions":["notify",{"set_tweak":"highlight"}]},
             {"rule_id":".m.rule.tombstone","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.tombstone"},
                {"kind":"event_match","key":"state_key","pattern":""}],
              "actions":["notify",{"set_tweak":"highlight"}]},
             {"rule_id":".m.rule.reaction","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.reaction"}],"actions":[]},
             {"rule_id":".m.rule.room.server_acl","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.server_acl"},
                {"kind":"event_match","key":"state_key","pattern":""}],"actions":[]},
             {"rule_id":".m.rule.suppress_edits","default":true,"enabled":true,
              "conditions":[{"kind":"event_property_is","key":"content.m\\\\.relates_to.rel_type","value":"m.replace"}],
              "actions":[]}],
            "content":[
             {"rule_id":".m.rule.contains_user_name","default":true,"enabled":true,"pattern":"@LOCALPART@",
              "actions":["notify",{"set_tweak":"highlight"},{"set_tweak":"sound","value":"default"}]}],
            "room":[],
            "sender":[],
            "underride":[
             {"rule_id":".m.rule.call","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.call.invite"}],
              "actions":["notify",{"set_tweak":"sound","value":"ring"},{"set_tweak":"highlight","value":false}]},
             {"rule_id":".m.rule.encrypted_room_one_to_one","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.encrypted"},
                {"kind":"room_member_count","is":"2"}],
              "actions":["notify",{"set_tweak":"sound","value":"default"},{"set_tweak":"highlight","value":false}]},
             {"rule_id":".m.rule.room_one_to_one","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.message"},
                {"kind":"room_member_count","is":"2"}],
              "actions":["notify",{"set_tweak":"sound","value":"default"},{"set_tweak":"highlight","value":false}]},
             {"rule_id":".m.rule.message","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.message"}],
              "actions":["notify",{"set_tweak":"highlight","value":false}]},
             {"rule_id":".m.rule.encrypted","default":true,"enabled":true,
              "conditions":[{"kind":"event_match","key":"type","pattern":"m.room.encrypted"}],
              "actions":["notify",{"set_tweak":"highlight","value":false}]}]}
            """;

    private final Map<String, List<JsonObject>> rules;

    private PushRules(Map<String, List<JsonObject>> rules) {
        this.rules = rules;
    }

    static PushRules defaults(UserId user) {
        String json = DEFAULTS.replace("\"@USER@\"", Json.write(new JsonString(user.toString())))
                .replace("\"@LOCALPART@\"", Json.write(new JsonString(user.localpart())));
        return fromJson(Json.parseObject(json));
    }

    /** From the stored {@code global} object (the content of the {@code m.push_rules} account data). */
    static PushRules fromJson(JsonObject global) {
        var map = new LinkedHashMap<String, List<JsonObject>>();
        for (String kind : KINDS) {
            map.put(kind, global.optionalArray(kind).map(JsonArray::objects).orElse(List.of()));
        }
        return new PushRules(map);
    }

    JsonObject toJson() {
        var global = JsonObject.builder();
        rules.forEach((kind, list) -> global.put(kind, new JsonArray(List.copyOf(list))));
        return global.build();
    }

    static void requireKind(String kind) {
        if (!KINDS.contains(kind)) {
            throw MatrixException.invalidParam("Unknown push rule kind " + kind);
        }
    }

    Optional<JsonObject> find(String kind, String ruleId) {
        requireKind(kind);
        return rules.get(kind).stream().filter(r -> r.optionalString("rule_id").filter(ruleId::equals).isPresent())
                .findFirst();
    }

    JsonObject require(String kind, String ruleId) {
        return find(kind, ruleId).orElseThrow(() -> MatrixException.notFound("Unknown push rule " + ruleId));
    }

    /** Replaces one field of an existing rule (enabled, actions). */
    PushRules withField(String kind, String ruleId, String field, JsonValue value) {
        JsonObject rule = require(kind, ruleId);
        return replaced(kind, rule, rule.with(field, value));
    }

    private PushRules replaced(String kind, JsonObject old, JsonObject updated) {
        var list = new ArrayList<>(rules.get(kind));
        list.set(list.indexOf(old), updated);
        return with(kind, list);
    }

    private PushRules with(String kind, List<JsonObject> list) {
        var map = new LinkedHashMap<>(rules);
        map.put(kind, List.copyOf(list));
        return new PushRules(map);
    }

    /**
     * Creates or updates a user rule from a {@code PUT} body ({@code actions}, plus {@code conditions} or
     * {@code pattern} by kind), placed per {@code before}/{@code after} among the user's rules of that kind, else as
     * the most important one.
     */
    PushRules put(String kind, String ruleId, JsonObject body, Optional<String> before, Optional<String> after) {
        requireKind(kind);
        if (ruleId.isEmpty() || ruleId.startsWith(".")) {
            throw MatrixException.invalidParam("Cannot add new rule_ids that start with '.'");
        }
        var rule = JsonObject.builder().put("rule_id", ruleId).put("default", false).put("enabled", true)
                .put("actions", actions(body));
        switch (kind) {
            case "override", "underride" -> rule.put("conditions", body.optionalArray("conditions")
                    .orElse(JsonArray.EMPTY));
            case "content" -> rule.put("pattern", body.optionalString("pattern")
                    .orElseThrow(() -> MatrixException.badJson("A content rule needs a string 'pattern'")));
            case "room" -> RoomId.parse(ruleId);
            default -> UserId.parse(ruleId);
        }
        Optional<JsonObject> existing = find(kind, ruleId);
        if (existing.isPresent() && before.isEmpty() && after.isEmpty()) {
            // An update keeps its place and whether it was enabled.
            JsonObject updated = rule.build().with("enabled", existing.get().get("enabled").orElse(JsonBoolean.TRUE));
            return replaced(kind, existing.get(), updated);
        }
        var list = new ArrayList<>(rules.get(kind));
        existing.ifPresent(list::remove);
        int index;
        if (before.isPresent() || after.isPresent()) {
            String anchor = before.orElseGet(after::get);
            JsonObject other = list.stream().filter(r -> r.optionalString("rule_id").filter(anchor::equals)
                    .isPresent()).findFirst().orElseThrow(() -> MatrixException.notFound("Unknown rule " + anchor));
            if (other.optionalBool("default").orElse(false)) {
                throw MatrixException.invalidParam("Cannot place a rule relative to a server-default rule");
            }
            index = list.indexOf(other) + (before.isPresent() ? 0 : 1);
        } else {
            // Most important user rule: after a leading master rule, before everything else.
            index = !list.isEmpty() && list.getFirst().optionalString("rule_id").filter(".m.rule.master"::equals)
                    .isPresent() ? 1 : 0;
        }
        list.add(index, rule.build());
        return with(kind, list);
    }

    PushRules delete(String kind, String ruleId) {
        JsonObject rule = require(kind, ruleId);
        if (rule.optionalBool("default").orElse(false)) {
            throw MatrixException.invalidParam("Cannot delete a server-default rule");
        }
        var list = new ArrayList<>(rules.get(kind));
        list.remove(rule);
        return with(kind, list);
    }

    /** The {@code actions} of a body: strings or {@code set_tweak} objects. */
    static JsonArray actions(JsonObject body) {
        JsonArray actions = body.optionalArray("actions")
                .orElseThrow(() -> MatrixException.badJson("Missing 'actions' array"));
        for (JsonValue action : actions.elements()) {
            boolean valid = action instanceof JsonString
                    || action instanceof JsonObject tweak && tweak.optionalString("set_tweak").isPresent();
            if (!valid) {
                throw MatrixException.badJson("Each action must be a string or a set_tweak object");
            }
        }
        return actions;
    }
}
