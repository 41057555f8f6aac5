package dev.myelin.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Project Wycheproof's Ed25519 verification cases ({@code test-vectors/ed25519-wycheproof.json}) against the JDK
 * engine: "valid" verifies, "invalid" is rejected by returning {@code false}, never by throwing. myelin-crypto-native
 * runs the same cases against both engines and checks they agree (which covers "acceptable" cases; the file has none).
 */
class JdkEd25519WycheproofTest {
    /** One Wycheproof test with its group's public key. */
    record Case(long id, String result, String comment, byte[] publicKey, byte[] message, byte[] signature) {
        @Override
        public String toString() {
            return "tcId " + id + " " + result + (comment.isEmpty() ? "" : " (" + comment + ")");
        }
    }

    static List<Case> wycheproof() {
        List<Case> cases = new ArrayList<>();
        for (JsonObject group : Vectors.ed25519Wycheproof().array("testGroups").objects()) {
            byte[] publicKey = Vectors.hex(group.object("publicKey").string("pk"));
            for (JsonObject test : group.array("tests").objects()) {
                cases.add(new Case(test.integer("tcId"), test.string("result"), test.string("comment"), publicKey,
                        Vectors.hex(test.string("msg")), Vectors.hex(test.string("sig"))));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wycheproof")
    void verify_wycheproofCase_givesTheExpectedResultWithoutThrowing(Case test) {
        assertThat(test.result()).as("this file has only valid and invalid cases").isIn("valid", "invalid");
        if (test.signature().length != Ed25519Signature.LENGTH) {
            // No Ed25519Signature holds a signature of another length: refused before the engine sees it.
            assertThat(test.result()).isEqualTo("invalid");
            assertThatThrownBy(() -> Ed25519Signature.fromBytes(test.signature()))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        Ed25519Verifier verifier = Ed25519Engine.jdk().newVerifier(Ed25519PublicKey.fromBytes(test.publicKey()));

        assertThat(verifier.verify(test.message(), Ed25519Signature.fromBytes(test.signature())))
                .isEqualTo(test.result().equals("valid"));
    }
}
