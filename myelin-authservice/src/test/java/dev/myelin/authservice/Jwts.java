package dev.myelin.authservice;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test-side JWT reading: checks the HS256 signature independently of the code under test. */
final class Jwts {
    private Jwts() {
    }

    static JsonObject header(String jwt) {
        return part(jwt, 0);
    }

    static JsonObject payload(String jwt) {
        return part(jwt, 1);
    }

    static boolean signatureValid(String jwt, String secret) throws Exception {
        int lastDot = jwt.lastIndexOf('.');
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1)));
    }

    static String payloadText(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static JsonObject part(String jwt, int index) {
        return Json.parseObject(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }
}
