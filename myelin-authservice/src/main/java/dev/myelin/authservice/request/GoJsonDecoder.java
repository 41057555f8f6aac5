package dev.myelin.authservice.request;

import dev.myelin.authservice.request.GoJsonNode.ArrayNode;
import dev.myelin.authservice.request.GoJsonNode.BoolNode;
import dev.myelin.authservice.request.GoJsonNode.Member;
import dev.myelin.authservice.request.GoJsonNode.NullNode;
import dev.myelin.authservice.request.GoJsonNode.NumberNode;
import dev.myelin.authservice.request.GoJsonNode.ObjectNode;
import dev.myelin.authservice.request.GoJsonNode.StringNode;
import java.util.ArrayList;

/**
 * Reads the first JSON value of a request body the way Go's {@code json.Decoder.Decode} does, because lk-jwt-service
 * clients were written against it: leading whitespace skipped, bytes after the first value ignored, duplicate member
 * names kept (the binder lets the last win), invalid UTF-8 and unpaired surrogate escapes turned into U+FFFD. The
 * grammar itself is strict RFC 8259, as Go's scanner is.
 */
final class GoJsonDecoder {
    /**
     * No request field nests deeper than two objects, so anything deeper fails binding anyway; the cap only keeps a
     * hostile body from exhausting the stack.
     */
    static final int MAX_DEPTH = 64;

    private final byte[] in;
    private int pos;

    private GoJsonDecoder(byte[] in) {
        this.in = in;
    }

    /** The first JSON value in {@code body}; an empty body, bad syntax or a truncated value is an error. */
    static GoJsonNode decodeFirstValue(byte[] body) {
        var decoder = new GoJsonDecoder(body);
        decoder.skipWhitespace();
        if (decoder.pos >= body.length) {
            throw new RequestDecodingException("EOF");
        }
        return decoder.value(0);
    }

    private GoJsonNode value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting too deep");
        }
        skipWhitespace();
        int c = peek();
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> new StringNode(string());
            case 't' -> literal("true", new BoolNode(true));
            case 'f' -> literal("false", new BoolNode(false));
            case 'n' -> literal("null", new NullNode());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("invalid character");
            }
        };
    }

    private ObjectNode object(int depth) {
        pos++;
        var members = new ArrayList<Member>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new ObjectNode(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            members.add(new Member(name, value(depth)));
            skipWhitespace();
            int c = next();
            if (c == '}') {
                return new ObjectNode(members);
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private ArrayNode array(int depth) {
        pos++;
        var elements = new ArrayList<GoJsonNode>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new ArrayNode(elements);
        }
        while (true) {
            elements.add(value(depth));
            skipWhitespace();
            int c = next();
            if (c == ']') {
                return new ArrayNode(elements);
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        var out = new StringBuilder();
        while (true) {
            int c = next();
            if (c < 0) {
                throw error("unterminated string");
            } else if (c == '"') {
                return out.toString();
            } else if (c == '\\') {
                escape(out);
            } else if (c < 0x20) {
                throw error("control character in string");
            } else if (c < 0x80) {
                out.append((char) c);
            } else {
                pos--;
                pos += GoUtf8.decodeRune(in, pos, out);
            }
        }
    }

    private void escape(StringBuilder out) {
        int c = next();
        switch (c) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                char unit = hex4();
                if (Character.isHighSurrogate(unit) && pos + 6 <= in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
                    int save = pos;
                    pos += 2;
                    char low = hex4();
                    if (Character.isLowSurrogate(low)) {
                        out.append(unit).append(low);
                        return;
                    }
                    pos = save; // Go emits U+FFFD for the high half and decodes the next escape on its own
                    out.append('\uFFFD');
                } else if (Character.isSurrogate(unit)) {
                    out.append('\uFFFD');
                } else {
                    out.append(unit);
                }
            }
            default -> throw error("invalid escape");
        }
    }

    private char hex4() {
        if (pos + 4 > in.length) {
            throw error("truncated \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(in[pos + i], 16);
            if (digit < 0) {
                throw error("invalid \\u escape");
            }
            code = code * 16 + digit;
        }
        pos += 4;
        return (char) code;
    }

    private NumberNode number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        return new NumberNode(new String(in, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private GoJsonNode literal(String word, GoJsonNode value) {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                throw error("invalid literal");
            }
        }
        return value;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private int peek() {
        return pos < in.length ? in[pos] & 0xff : -1;
    }

    private int next() {
        return pos < in.length ? in[pos++] & 0xff : -1;
    }

    private void skipWhitespace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private RequestDecodingException error(String message) {
        return new RequestDecodingException(message + " at offset " + pos);
    }
}
