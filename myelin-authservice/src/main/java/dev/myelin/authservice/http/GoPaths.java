package dev.myelin.authservice.http;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code ServeMux} path canonicalisation: a request for a non-canonical path is redirected to the clean one. */
final class GoPaths {
    private GoPaths() {
    }

    /** Go's {@code cleanPath}: {@code path.Clean} of the rooted path, keeping a trailing slash. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        String rooted = path.charAt(0) == '/' ? path : "/" + path;
        Deque<String> elements = new ArrayDeque<>();
        for (String element : rooted.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                elements.pollLast();
            } else {
                elements.addLast(element);
            }
        }
        String cleaned = "/" + String.join("/", elements);
        if (rooted.endsWith("/") && !cleaned.equals("/")) {
            cleaned += "/";
        }
        return cleaned;
    }
}
