package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
class PushRulesTest {
    private static final String RULES = "/_matrix/client/v3/pushrules/";
    private final TestClient anonymous;

    PushRulesTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private static List<String> ids(JsonObject global, String kind) {
        return global.array(kind).objects().stream().map(r -> r.string("rule_id")).toList();
    }

    @Test
    void getPushRules_returnsTheServerDefaultRuleSetForTheUser() {
        var carol = anonymous.register("carol", "pw");

        var response = carol.client().get(RULES);

        assertThat(response.status()).isEqualTo(200);
        JsonObject global = response.json().object("global");
        assertThat(global.members().keySet()).containsExactly("override", "content", "room", "sender", "underride");
        assertThat(ids(global, "override")).startsWith(".m.rule.master", ".m.rule.suppress_notices",
                ".m.rule.invite_for_me", ".m.rule.member_event", ".m.rule.is_user_mention")
                .contains(".m.rule.is_room_mention", ".m.rule.tombstone", ".m.rule.reaction",
                        ".m.rule.room.server_acl", ".m.rule.suppress_edits");
        assertThat(ids(global, "underride")).containsExactly(".m.rule.call", ".m.rule.encrypted_room_one_to_one",
                ".m.rule.room_one_to_one", ".m.rule.message", ".m.rule.encrypted");
        JsonObject master = global.array("override").objects().getFirst();
        assertThat(master.bool("enabled")).isFalse();
        assertThat(master.bool("default")).isTrue();
        JsonObject invite = global.array("override").objects().get(2);
        assertThat(invite.array("conditions").objects().getLast().string("pattern")).isEqualTo(carol.userId());
        JsonObject mention = global.array("override").objects().get(4);
        assertThat(mention.array("conditions").objects().getFirst().string("key"))
                .isEqualTo("content.m\\.mentions.user_ids");
        assertThat(mention.array("conditions").objects().getFirst().string("value")).isEqualTo(carol.userId());
        assertThat(global.array("content").objects().getFirst().string("pattern")).isEqualTo("carol");
        assertThat(global.array("room").size()).isZero();
    }

    @Test
    void putEnabledAndActions_changeADefaultRuleAndAreReadBack() {
        var dave = anonymous.register("dave", "pw");
        TestClient client = dave.client();

        var enabled = client.put(RULES + "global/override/.m.rule.master/enabled",
                JsonObject.builder().put("enabled", true).build());
        var actions = client.put(RULES + "global/underride/.m.rule.message/actions",
                JsonObject.builder().put("actions", JsonValue.ofStrings(List.of("dont_notify"))).build());

        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(actions.status()).as(actions.toString()).isEqualTo(200);
        assertThat(client.get(RULES + "global/override/.m.rule.master/enabled").json().bool("enabled")).isTrue();
        assertThat(client.get(RULES + "global/underride/.m.rule.message").json().array("actions").strings())
                .containsExactly("dont_notify");
        assertThat(client.get(RULES).json().object("global").array("override").objects().getFirst()
                .bool("enabled")).isTrue();
        // Stored as the m.push_rules account data, where other devices learn of it through /sync.
        var sync = client.get("/_matrix/client/v3/sync?timeout=0").json();
        assertThat(sync.object("account_data").array("events").objects())
                .extracting(e -> e.string("type")).contains("m.push_rules");
    }

    @Test
    void putAndDeleteUserRule_placesItFirstAmongUserRulesThenRemovesIt() {
        var erin = anonymous.register("erin", "pw");
        TestClient client = erin.client();
        JsonObject rule = JsonObject.builder()
                .put("actions", JsonValue.ofStrings(List.of("notify")))
                .put("conditions", new JsonArray(List.of(JsonObject.builder().put("kind", "event_match")
                        .put("key", "content.body").put("pattern", "cake").build())))
                .build();

        assertThat(client.put(RULES + "global/override/cake", rule).status()).isEqualTo(200);
        assertThat(client.put(RULES + "global/override/pie?after=cake", rule).status()).isEqualTo(200);
        assertThat(client.put(RULES + "global/content/word",
                JsonObject.builder().put("actions", JsonValue.ofStrings(List.of("notify")))
                        .put("pattern", "word").build()).status()).isEqualTo(200);

        JsonObject global = client.get(RULES).json().object("global");
        assertThat(ids(global, "override")).startsWith(".m.rule.master", "cake", "pie", ".m.rule.suppress_notices");
        assertThat(ids(global, "content")).containsExactly("word", ".m.rule.contains_user_name");
        assertThat(client.send("DELETE", RULES + "global/override/cake", null).status()).isEqualTo(200);
        assertThat(client.get(RULES + "global/override/cake").status()).isEqualTo(404);
        assertThat(ids(client.get(RULES).json().object("global"), "override")).startsWith(".m.rule.master", "pie");
    }

    @Test
    void badRequests_getMatrixErrors() {
        var frank = anonymous.register("frank", "pw");
        TestClient client = frank.client();
        JsonObject notify = JsonObject.builder().put("actions", JsonValue.ofStrings(List.of("notify"))).build();

        var dotted = client.put(RULES + "global/override/.mine", notify);
        var deleteDefault = client.send("DELETE", RULES + "global/override/.m.rule.master", null);
        var unknownKind = client.get(RULES + "global/nonsense/x");
        var unknownRule = client.get(RULES + "global/override/nothing");
        var noActions = client.put(RULES + "global/underride/mine", JsonObject.EMPTY);
        var unauthenticated = anonymous.get(RULES);

        assertThat(dotted.status()).isEqualTo(400);
        assertThat(deleteDefault.status()).isEqualTo(400);
        assertThat(unknownKind.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(unknownRule.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(noActions.errcode()).isEqualTo("M_BAD_JSON");
        assertThat(unauthenticated.errcode()).isEqualTo("M_MISSING_TOKEN");
    }
}
