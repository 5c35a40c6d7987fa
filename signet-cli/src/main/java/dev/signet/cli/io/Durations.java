package dev.signet.cli.io;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as people type them ({@code 15m}, {@code 1h30m}, {@code 2d}, {@code -5m}) and as they read them. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("-?(?:\\d{1,9}[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})([dhms])");

    private Durations() {}

    /** Parses {@code [-]N{d,h,m,s}...}; every number needs a unit, so {@code 15} is an error and not 15 seconds. */
    public static Duration parse(String text) {
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 30s, 15m, 1h30m or 2d");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "d" -> d.plusDays(n);
                case "h" -> d.plusHours(n);
                case "m" -> d.plusMinutes(n);
                default -> d.plusSeconds(n);
            };
        }
        return t.startsWith("-") ? d.negated() : d;
    }

    /** The two largest non-zero units, e.g. {@code 4m12s}, {@code 3h}, {@code 2d5h}; {@code 0s} for zero. */
    public static String describe(Duration duration) {
        long s = Math.abs(duration.toSeconds());
        long[] amounts = {s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < amounts.length && shown < 2; i++) {
            if (amounts[i] != 0) {
                sb.append(amounts[i]).append(units[i]);
                shown++;
            } else if (shown > 0) {
                break; // 3h0m5s reads as "3h": the second unit only when it is adjacent
            }
        }
        return sb.length() == 0 ? "0s" : sb.toString();
    }

    /** picocli converter for duration options. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
