package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentConfigTest {
    @TempDir
    Path dir;

    private static Map<String, String> minimal() {
        var env = new HashMap<String, String>();
        env.put("LIVEKIT_URL", "wss://sfu.example.com");
        env.put("LIVEKIT_KEY", "key");
        env.put("LIVEKIT_SECRET", "secret");
        env.put("LIVEKIT_FULL_ACCESS_HOMESERVERS", "example.com");
        return env;
    }

    private static String secretOf(AuthServiceConfig config) {
        return new String(config.apiSecret().exposeCopy(), StandardCharsets.UTF_8);
    }

    @Test
    void minimalEnvironment_usesDefaults() {
        AuthServiceConfig config = EnvironmentConfig.fromEnvironment(minimal());

        assertThat(config.livekitUrl()).isEqualTo("wss://sfu.example.com");
        assertThat(config.apiKey()).isEqualTo("key");
        assertThat(secretOf(config)).isEqualTo("secret");
        assertThat(config.bind()).isEqualTo(new BindAddress("", 8080));
        assertThat(config.insecureSkipTlsVerify()).isFalse();
        assertThat(config.plainHttpToLoopback()).isFalse();
        assertThat(config.sanityCheckInterval()).isEqualTo(Duration.ZERO);
    }

    @Test
    void redisUrl_unsetOrEmptyMeansInMemory() {
        var env = minimal();
        assertThat(EnvironmentConfig.redisUrl(env)).isEmpty();
        env.put("LIVEKIT_REDIS_URL", "");
        assertThat(EnvironmentConfig.redisUrl(env)).isEmpty();
        env.put("LIVEKIT_REDIS_URL", "redis://127.0.0.1:6379/1");
        assertThat(EnvironmentConfig.redisUrl(env)).hasValue("redis://127.0.0.1:6379/1");
    }

    @Test
    void keyAndSecret_areTrimmedOfSpaceCrLfOnly() {
        var env = minimal();
        env.put("LIVEKIT_KEY", " \r\nkey\n");
        env.put("LIVEKIT_SECRET", "\tsecret \n");

        AuthServiceConfig config = EnvironmentConfig.fromEnvironment(env);

        assertThat(config.apiKey()).isEqualTo("key");
        assertThat(secretOf(config)).isEqualTo("\tsecret");
    }

    @Test
    void missingKeySecretOrUrl_isTheCombinedError() {
        for (String name : List.of("LIVEKIT_URL", "LIVEKIT_KEY", "LIVEKIT_SECRET")) {
            var env = minimal();
            env.remove(name);
            env.remove("LIVEKIT_FULL_ACCESS_HOMESERVERS"); // the credentials check comes first
            assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("LIVEKIT_KEY* / LIVEKIT_SECRET* and LIVEKIT_URL must be set");
        }
    }

    @Test
    void whitespaceOnlySecret_countsAsMissing() {
        var env = minimal();
        env.put("LIVEKIT_SECRET", " \n");

        assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env))
                .hasMessage("LIVEKIT_KEY* / LIVEKIT_SECRET* and LIVEKIT_URL must be set");
    }

    @Test
    void missingFullAccessHomeservers_isFatal() {
        var env = minimal();
        env.remove("LIVEKIT_FULL_ACCESS_HOMESERVERS");

        assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env)).hasMessage(
                "LIVEKIT_FULL_ACCESS_HOMESERVERS environment variable must be set to the homeserver(s) you intend to "
                        + "serve \u2014 see README for guidance");
    }

    @Test
    void fullAccessList_splitsOnCommasAndWhitespace() {
        var env = minimal();
        env.put("LIVEKIT_FULL_ACCESS_HOMESERVERS", " a.example, b.example\tc.example,,\u00a0d.example ");

        assertThat(EnvironmentConfig.fromEnvironment(env).fullAccessHomeservers())
                .containsExactly("a.example", "b.example", "c.example", "d.example");
    }

    @Test
    void fullAccessPolicy_wildcardOnlyAlone() {
        var env = minimal();
        env.put("LIVEKIT_FULL_ACCESS_HOMESERVERS", "*");
        assertThat(EnvironmentConfig.fromEnvironment(env).isFullAccess("any.example")).isTrue();

        env.put("LIVEKIT_FULL_ACCESS_HOMESERVERS", "*,x.example");
        AuthServiceConfig mixed = EnvironmentConfig.fromEnvironment(env);
        assertThat(mixed.isFullAccess("any.example")).isFalse();
        assertThat(mixed.isFullAccess("x.example")).isTrue();
        assertThat(mixed.isFullAccess("X.example")).isFalse();
    }

    @Test
    void bindAndPort_cannotBeSetTogether() {
        var env = minimal();
        env.put("LIVEKIT_JWT_BIND", ":9000");
        env.put("LIVEKIT_JWT_PORT", "9001");

        assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env))
                .hasMessage("LIVEKIT_JWT_BIND and LIVEKIT_JWT_PORT must not be set together");
    }

    @Test
    void deprecatedPort_bindsAllInterfaces() {
        var env = minimal();
        env.put("LIVEKIT_JWT_PORT", "9001");

        assertThat(EnvironmentConfig.fromEnvironment(env).bind()).isEqualTo(new BindAddress("", 9001));
    }

    @Test
    void bind_parsesGoListenAddresses() {
        assertThat(BindAddress.parse("127.0.0.1:8081")).isEqualTo(new BindAddress("127.0.0.1", 8081));
        assertThat(BindAddress.parse("[::1]:0")).isEqualTo(new BindAddress("::1", 0));
        assertThatThrownBy(() -> BindAddress.parse("8080")).hasMessageContaining("missing port in address");
        assertThatThrownBy(() -> BindAddress.parse(":http")).isInstanceOf(ConfigException.class);
    }

    @Test
    void skipVerifyTls_needsTheExactPhrase() {
        var env = minimal();
        env.put("LIVEKIT_INSECURE_SKIP_VERIFY_TLS", "true");
        assertThat(EnvironmentConfig.fromEnvironment(env).insecureSkipTlsVerify()).isFalse();

        env.put("LIVEKIT_INSECURE_SKIP_VERIFY_TLS", "YES_I_KNOW_WHAT_I_AM_DOING");
        assertThat(EnvironmentConfig.fromEnvironment(env).insecureSkipTlsVerify()).isTrue();
    }

    @Test
    void plainHttpToLoopback_needsTheExactPhrase() {
        var env = minimal();
        env.put(EnvironmentConfig.PLAIN_HTTP_LOOPBACK, "1");
        assertThat(EnvironmentConfig.fromEnvironment(env).plainHttpToLoopback()).isFalse();

        env.put(EnvironmentConfig.PLAIN_HTTP_LOOPBACK, EnvironmentConfig.I_KNOW);
        assertThat(EnvironmentConfig.fromEnvironment(env).plainHttpToLoopback()).isTrue();
    }

    @Test
    void keyAndSecretFromFiles_overrideTheVariables() throws Exception {
        Files.writeString(dir.resolve("key"), "filekey\n");
        Files.writeString(dir.resolve("secret"), "filesecret\r\n");
        var env = minimal();
        env.put("LIVEKIT_KEY_FROM_FILE", dir.resolve("key").toString());
        env.put("LIVEKIT_SECRET_FROM_FILE", dir.resolve("secret").toString());

        AuthServiceConfig config = EnvironmentConfig.fromEnvironment(env);

        assertThat(config.apiKey()).isEqualTo("filekey");
        assertThat(secretOf(config)).isEqualTo("filesecret");
    }

    @Test
    void keyFile_overridesAllFour() throws Exception {
        Files.writeString(dir.resolve("keysecret"), "k2: s2\n");
        Files.writeString(dir.resolve("key"), "filekey");
        var env = minimal();
        env.put("LIVEKIT_KEY_FROM_FILE", dir.resolve("key").toString());
        env.put("LIVEKIT_KEY_FILE", dir.resolve("keysecret").toString());

        AuthServiceConfig config = EnvironmentConfig.fromEnvironment(env);

        assertThat(config.apiKey()).isEqualTo("k2");
        assertThat(secretOf(config)).isEqualTo("s2");
    }

    @Test
    void keyFileWithoutExactlyOneColon_isFatal() throws Exception {
        Files.writeString(dir.resolve("keysecret"), "a:b:c");
        var env = minimal();
        env.put("LIVEKIT_KEY_FILE", dir.resolve("keysecret").toString());

        assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env)).hasMessage("invalid key secret file format!");
    }

    @Test
    void missingSecretFile_isFatalWithGoMessage() {
        var env = minimal();
        env.put("LIVEKIT_SECRET_FROM_FILE", dir.resolve("absent").toString());

        assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env))
                .hasMessage("open " + dir.resolve("absent") + ": no such file or directory");
    }

    @Test
    void sanityCheckInterval_mustBeNonNegativeInteger() {
        var env = minimal();
        env.put("LIVEKIT_SANITY_CHECK_INTERVAL_SECONDS", "30");
        assertThat(EnvironmentConfig.fromEnvironment(env).sanityCheckInterval()).isEqualTo(Duration.ofSeconds(30));

        env.put("LIVEKIT_SANITY_CHECK_INTERVAL_SECONDS", "-1");
        assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env))
                .hasMessage("LIVEKIT_SANITY_CHECK_INTERVAL_SECONDS must be a non-negative integer, got \"-1\"");
    }

    @Test
    void csApiUrlOverrides_parseAndRejectBadEntries() {
        var env = minimal();
        env.put("LIVEKIT_CS_API_URL_OVERRIDES", " a.example = https://a ,b.example=https://b");
        assertThat(EnvironmentConfig.fromEnvironment(env).csApiUrlOverrides())
                .isEqualTo(Map.of("a.example", "https://a", "b.example", "https://b"));

        env.put("LIVEKIT_CS_API_URL_OVERRIDES", "a.example");
        assertThatThrownBy(() -> EnvironmentConfig.fromEnvironment(env)).hasMessage(
                "failed parsing LIVEKIT_CS_API_URL_OVERRIDES: invalid entry \"a.example\", expected server_name=url");
    }
}
