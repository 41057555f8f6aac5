package dev.myelin.authservice.delegation;

/**
 * Go's {@code time.Duration} rules where they show: a {@code delay_timeout} in milliseconds becomes nanoseconds in a
 * wrapping 64-bit multiplication (so absurd values turn negative, and upstream refuses them with the duration's
 * {@code String()} in the error text).
 */
public final class GoDuration {
    private GoDuration() {
    }

    /** {@code time.Duration(ms) * time.Millisecond}, wrapping as Go's int64 arithmetic does. */
    public static long fromMillis(long millis) {
        return millis * 1_000_000L;
    }

    /** Go's {@code Duration.String()}: {@code "72h3m0.5s"}, {@code "1.5ms"}, {@code "0s"}, {@code "-2562047h47m16.854775808s"}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Unsigned magnitude, as Go does, so Long.MIN_VALUE formats too.
        long u = negative ? -nanos : nanos;
        var out = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            int precision;
            String unit;
            if (u < 1_000L) {
                return (negative ? "-" : "") + u + "ns";
            } else if (u < 1_000_000L) {
                precision = 3;
                unit = "µs";
            } else {
                precision = 6;
                unit = "ms";
            }
            out.append(fraction(u, precision)).append(unit);
        } else {
            String seconds = fraction(u, 9);
            long wholeSeconds = Long.divideUnsigned(u, 1_000_000_000L);
            // fraction() printed all whole seconds; keep only the part below a minute.
            String fractional = seconds.contains(".") ? seconds.substring(seconds.indexOf('.')) : "";
            long s = wholeSeconds % 60;
            long minutes = wholeSeconds / 60;
            out.append(s).append(fractional).append('s');
            if (minutes > 0) {
                long m = minutes % 60;
                long hours = minutes / 60;
                out.insert(0, m + "m");
                if (hours > 0) {
                    out.insert(0, hours + "h");
                }
            }
        }
        if (negative) {
            out.insert(0, '-');
        }
        return out.toString();
    }

    /** {@code v / 10^precision} with trailing zeros (and a bare point) dropped, {@code v} unsigned. */
    private static String fraction(long v, int precision) {
        long scale = 1;
        for (int i = 0; i < precision; i++) {
            scale *= 10;
        }
        long whole = Long.divideUnsigned(v, scale);
        long frac = Long.remainderUnsigned(v, scale);
        if (frac == 0) {
            return Long.toUnsignedString(whole);
        }
        String digits = String.format("%0" + precision + "d", frac).replaceAll("0+$", "");
        return Long.toUnsignedString(whole) + "." + digits;
    }
}
