package dev.myelin.crypto.openssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Verifier;
import dev.myelin.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Project Wycheproof's Ed25519 verification cases ({@code test-vectors/ed25519-wycheproof.json}) against both
 * engines: "valid" verifies, "invalid" is rejected by returning {@code false} (never by throwing), and on every case
 * (hence on any "acceptable" one) the JDK and OpenSSL engines give the same answer.
 */
class Ed25519WycheproofTest {
    private static final List<Ed25519Engine> ENGINES = List.of(Ed25519Engine.jdk(), OpenSslEd25519Engine.load());

    /** One Wycheproof test with its group's public key. */
    record Case(long id, String result, String comment, List<String> flags, byte[] publicKey, byte[] message,
            byte[] signature) {
        static List<Case> all() {
            List<Case> cases = new ArrayList<>();
            for (JsonObject group : Vectors.load("ed25519-wycheproof.json").array("testGroups").objects()) {
                byte[] publicKey = Vectors.hex(group.object("publicKey"), "pk");
                for (JsonObject test : group.array("tests").objects()) {
                    cases.add(new Case(test.integer("tcId"), test.string("result"), test.string("comment"),
                            test.array("flags").strings(), publicKey, Vectors.hex(test, "msg"),
                            Vectors.hex(test, "sig")));
                }
            }
            return cases;
        }

        boolean hasSignatureLength() {
            return signature.length == Ed25519Signature.LENGTH;
        }

        @Override
        public String toString() {
            return "tcId " + id + " " + result + " " + flags + (comment.isEmpty() ? "" : " (" + comment + ")");
        }
    }

    static Stream<Arguments> enginesAndCases() {
        return ENGINES.stream().flatMap(engine -> Case.all().stream().map(test -> Arguments.of(engine, test)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("enginesAndCases")
    void verify_wycheproofCase_givesTheExpectedResultWithoutThrowing(Ed25519Engine engine, Case test) {
        if (!test.hasSignatureLength()) {
            // Not 64 bytes: no Ed25519Signature can hold it, so it is refused before any engine sees it.
            assertThat(test.result()).isEqualTo("invalid");
            assertThatThrownBy(() -> Ed25519Signature.fromBytes(test.signature()))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        boolean verified = verify(engine, test);

        switch (test.result()) {
            case "valid" -> assertThat(verified).as("valid signature verifies").isTrue();
            case "invalid" -> assertThat(verified).as("invalid signature is rejected").isFalse();
            case "acceptable" -> assertThat(verified).as("acceptable: same answer as the other engines")
                    .isEqualTo(verify(ENGINES.getFirst(), test));
            default -> throw new AssertionError("unknown Wycheproof result " + test.result());
        }
    }

    @Test
    void verify_everyWycheproofCase_bothEnginesAgree() {
        Map<String, Integer> answers = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (Case test : Case.all()) {
            if (!test.hasSignatureLength()) {
                continue;
            }
            boolean jdk = verify(ENGINES.get(0), test);
            boolean openssl = verify(ENGINES.get(1), test);
            if (jdk != openssl) {
                disagreements.add(test + ": jdk " + jdk + ", openssl " + openssl);
            }
            answers.merge(test.result() + " -> " + (jdk ? "verified" : "rejected"), 1, Integer::sum);
        }
        assertThat(disagreements).isEmpty();
        // What both say; the file has no "acceptable" case, and 12 invalid ones are not 64 bytes long (skipped here).
        assertThat(answers).containsExactlyEntriesOf(
                new TreeMap<>(Map.of("invalid -> rejected", 51, "valid -> verified", 88)));
    }

    @Test
    void verify_wycheproofCasesThroughOneVerifierPerKey_sameAnswersAsFreshVerifiers() {
        // Verifiers keep native contexts / JDK Signature objects between calls: a rejection must not taint the next.
        for (Ed25519Engine engine : ENGINES) {
            Map<String, Ed25519Verifier> verifiers = new TreeMap<>();
            for (Case test : Case.all()) {
                if (!test.hasSignatureLength() || test.result().equals("acceptable")) {
                    continue;
                }
                Ed25519Verifier verifier = verifiers.computeIfAbsent(Vectors.HEX.formatHex(test.publicKey()),
                        key -> engine.newVerifier(Ed25519PublicKey.fromBytes(test.publicKey())));
                assertThat(verifier.verify(test.message(), Ed25519Signature.fromBytes(test.signature())))
                        .as("%s %s", engine.name(), test).isEqualTo(test.result().equals("valid"));
            }
        }
    }

    @Test
    void vectorFile_isTheWholeWycheproofFile() {
        JsonObject file = Vectors.load("ed25519-wycheproof.json");
        Map<String, Long> perResult = new TreeMap<>();
        Case.all().forEach(test -> perResult.merge(test.result(), 1L, Long::sum));

        assertThat(Case.all()).hasSize((int) file.integer("numberOfTests")).hasSize(151);
        assertThat(perResult).containsExactlyEntriesOf(new TreeMap<>(Map.of("invalid", 63L, "valid", 88L)));
    }

    private static boolean verify(Ed25519Engine engine, Case test) {
        Ed25519Verifier verifier = engine.newVerifier(Ed25519PublicKey.fromBytes(test.publicKey()));
        return verifier.verify(test.message(), Ed25519Signature.fromBytes(test.signature()));
    }
}
