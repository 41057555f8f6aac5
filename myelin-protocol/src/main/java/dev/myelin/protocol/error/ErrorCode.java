package dev.myelin.protocol.error;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Matrix {@code errcode}. The standard codes are constants; others (namespaced unstable codes such as
 * {@code ORG.MATRIX.MSC4140_...}) can be made, as long as they look like errcodes.
 */
public record ErrorCode(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,127}");

    public static final ErrorCode FORBIDDEN = new ErrorCode("M_FORBIDDEN");
    public static final ErrorCode UNKNOWN_TOKEN = new ErrorCode("M_UNKNOWN_TOKEN");
    public static final ErrorCode MISSING_TOKEN = new ErrorCode("M_MISSING_TOKEN");
    public static final ErrorCode USER_LOCKED = new ErrorCode("M_USER_LOCKED");
    public static final ErrorCode USER_SUSPENDED = new ErrorCode("M_USER_SUSPENDED");
    public static final ErrorCode BAD_JSON = new ErrorCode("M_BAD_JSON");
    public static final ErrorCode NOT_JSON = new ErrorCode("M_NOT_JSON");
    public static final ErrorCode NOT_FOUND = new ErrorCode("M_NOT_FOUND");
    public static final ErrorCode LIMIT_EXCEEDED = new ErrorCode("M_LIMIT_EXCEEDED");
    public static final ErrorCode UNRECOGNIZED = new ErrorCode("M_UNRECOGNIZED");
    public static final ErrorCode UNKNOWN = new ErrorCode("M_UNKNOWN");
    public static final ErrorCode UNAUTHORIZED = new ErrorCode("M_UNAUTHORIZED");
    public static final ErrorCode USER_DEACTIVATED = new ErrorCode("M_USER_DEACTIVATED");
    public static final ErrorCode USER_IN_USE = new ErrorCode("M_USER_IN_USE");
    public static final ErrorCode INVALID_USERNAME = new ErrorCode("M_INVALID_USERNAME");
    public static final ErrorCode ROOM_IN_USE = new ErrorCode("M_ROOM_IN_USE");
    public static final ErrorCode INVALID_ROOM_STATE = new ErrorCode("M_INVALID_ROOM_STATE");
    public static final ErrorCode UNSUPPORTED_ROOM_VERSION = new ErrorCode("M_UNSUPPORTED_ROOM_VERSION");
    public static final ErrorCode INCOMPATIBLE_ROOM_VERSION = new ErrorCode("M_INCOMPATIBLE_ROOM_VERSION");
    public static final ErrorCode BAD_STATE = new ErrorCode("M_BAD_STATE");
    public static final ErrorCode GUEST_ACCESS_FORBIDDEN = new ErrorCode("M_GUEST_ACCESS_FORBIDDEN");
    public static final ErrorCode MISSING_PARAM = new ErrorCode("M_MISSING_PARAM");
    public static final ErrorCode INVALID_PARAM = new ErrorCode("M_INVALID_PARAM");
    public static final ErrorCode TOO_LARGE = new ErrorCode("M_TOO_LARGE");
    public static final ErrorCode EXCLUSIVE = new ErrorCode("M_EXCLUSIVE");
    public static final ErrorCode RESOURCE_LIMIT_EXCEEDED = new ErrorCode("M_RESOURCE_LIMIT_EXCEEDED");
    public static final ErrorCode WEAK_PASSWORD = new ErrorCode("M_WEAK_PASSWORD");
    public static final ErrorCode BAD_ALIAS = new ErrorCode("M_BAD_ALIAS");
    public static final ErrorCode UNABLE_TO_AUTHORISE_JOIN = new ErrorCode("M_UNABLE_TO_AUTHORISE_JOIN");
    public static final ErrorCode UNABLE_TO_GRANT_JOIN = new ErrorCode("M_UNABLE_TO_GRANT_JOIN");
    public static final ErrorCode SERVER_NOT_TRUSTED = new ErrorCode("M_SERVER_NOT_TRUSTED");
    public static final ErrorCode DUPLICATE_ANNOTATION = new ErrorCode("M_DUPLICATE_ANNOTATION");
    public static final ErrorCode WRONG_ROOM_KEYS_VERSION = new ErrorCode("M_WRONG_ROOM_KEYS_VERSION");
    public static final ErrorCode UNKNOWN_POS = new ErrorCode("M_UNKNOWN_POS");

    public ErrorCode {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an errcode: '" + value + "'");
        }
    }

    public static ErrorCode of(String value) {
        return new ErrorCode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
