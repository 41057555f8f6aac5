package dev.myelin.json;

/** Checks on Java strings as UTF-16. */
final class Utf16 {
    private Utf16() {
    }

    /** Throws {@link JsonShapeException} if the string holds an unpaired surrogate (not encodable as UTF-8). */
    static void requireWellFormed(String s) {
        int index = firstUnpairedSurrogate(s);
        if (index >= 0) {
            throw new JsonShapeException("string holds an unpaired surrogate at index " + index);
        }
    }

    /** Index of the first unpaired surrogate, or −1. */
    static int firstUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Compares two strings by Unicode code point, which is the order of their UTF-8 bytes. */
    static int compareByCodePoint(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
