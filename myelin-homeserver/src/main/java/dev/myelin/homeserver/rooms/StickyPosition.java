package dev.myelin.homeserver.rooms;

import java.util.ArrayList;
import java.util.List;

/**
 * The sticky-stream part of a sync token (MSC4354): which unexpired sticky events of the user's joined rooms, at
 * positions up to the token's event position, are still owed to the client. Owed are, per joined room, the sticky
 * events after the room's cursor that are not listed in {@link #delivered}; everything else was delivered (in a
 * timeline or a sticky section) or skipped (ignored sender). A room's cursor is the one of the {@link CatchUp} its
 * join falls in, else the global {@link #cursor}.
 *
 * <p>Text form (the 7th part of a sync token), only characters a URL leaves alone:
 * {@code <cursor>[.j<from>-<joinedAfter>-<joinedUpTo>]…[.t<position>-<delta>-<delta>…]}. A bare number is the form
 * issued before catch-ups and delivered lists existed, and means what it meant: owed are the events after it.
 *
 * @param cursor sticky events after this position are owed, in rooms not under a catch-up
 * @param catchUps rooms joined while an earlier response was paging: their own, older cursors
 * @param delivered ascending positions of sticky events after a cursor that a timeline already carried
 */
record StickyPosition(long cursor, List<CatchUp> catchUps, List<Long> delivered) {
    /** Bounds on what a token remembers, so it stays small (well under 1 KiB) whatever the client does. */
    static final int MAX_CATCH_UPS = 8;
    static final int MAX_DELIVERED = 100;

    /**
     * Rooms whose user's own membership event (their join) is at a position in {@code (joinedAfter, joinedUpTo]}:
     * their sticky events after {@code from} are owed. Those joins were first seen by a response with since token
     * position {@code joinedAfter} and event position {@code joinedUpTo}.
     */
    record CatchUp(long from, long joinedAfter, long joinedUpTo) {
        CatchUp {
            if (from < 0 || joinedAfter < 0 || joinedUpTo <= joinedAfter) {
                throw new IllegalArgumentException("bad catch-up " + from + "/" + joinedAfter + "/" + joinedUpTo);
            }
        }

        boolean covers(long joinedAt) {
            return joinedAt > joinedAfter && joinedAt <= joinedUpTo;
        }
    }

    StickyPosition {
        catchUps = List.copyOf(catchUps);
        delivered = List.copyOf(delivered);
        if (cursor < 0 || catchUps.size() > MAX_CATCH_UPS || delivered.size() > MAX_DELIVERED) {
            throw new IllegalArgumentException("bad sticky position");
        }
        for (int i = 0; i < delivered.size(); i++) {
            if (delivered.get(i) <= (i == 0 ? 0 : delivered.get(i - 1))) {
                throw new IllegalArgumentException("delivered positions must ascend");
            }
        }
    }

    /** Everything up to {@code cursor} delivered, everything after it owed: the older tokens' meaning. */
    static StickyPosition at(long cursor) {
        return new StickyPosition(cursor, List.of(), List.of());
    }

    /** The cursor of a joined room whose own membership event is at {@code joinedAt}. */
    long cursorFor(long joinedAt) {
        return catchUps.stream().filter(c -> c.covers(joinedAt)).mapToLong(CatchUp::from).findFirst()
                .orElse(cursor);
    }

    /** The lowest cursor of all: nothing at or below it is owed. */
    long floor() {
        return catchUps.stream().mapToLong(CatchUp::from).reduce(cursor, Math::min);
    }

    /** @throws IllegalArgumentException if {@code text} is not a sticky position this server writes */
    static StickyPosition parse(String text) {
        String[] parts = text.split("\\.", -1);
        long cursor = number(parts[0]);
        List<CatchUp> catchUps = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        boolean sawDelivered = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("j") && !sawDelivered && catchUps.size() < MAX_CATCH_UPS) {
                String[] fields = part.substring(1).split("-", -1);
                if (fields.length != 3) {
                    throw new IllegalArgumentException("bad catch-up");
                }
                catchUps.add(new CatchUp(number(fields[0]), number(fields[1]), number(fields[2])));
            } else if (part.startsWith("t") && !sawDelivered) {
                sawDelivered = true;
                String[] fields = part.substring(1).split("-", -1);
                if (fields.length > MAX_DELIVERED) {
                    throw new IllegalArgumentException("too many delivered positions");
                }
                long previous = 0;
                for (String field : fields) {
                    previous = Math.addExact(previous, number(field));
                    delivered.add(previous);
                }
            } else {
                throw new IllegalArgumentException("bad sticky position part");
            }
        }
        return new StickyPosition(cursor, catchUps, delivered);
    }

    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a position");
        }
        return Long.parseLong(digits);
    }

    @Override
    public String toString() {
        var text = new StringBuilder().append(cursor);
        for (CatchUp c : catchUps) {
            text.append(".j").append(c.from()).append('-').append(c.joinedAfter()).append('-').append(c.joinedUpTo());
        }
        if (!delivered.isEmpty()) {
            text.append(".t");
            long previous = 0;
            for (int i = 0; i < delivered.size(); i++) {
                text.append(i == 0 ? "" : "-").append(delivered.get(i) - previous);
                previous = delivered.get(i);
            }
        }
        return text.toString();
    }
}
