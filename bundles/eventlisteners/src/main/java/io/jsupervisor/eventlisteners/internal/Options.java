package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.ExtensionSection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code [jsupervisor.listener:x]} section's options with the parsers the listener types
 * share. Every problem is an {@link IllegalArgumentException} whose message names the option.
 */
final class Options {
    private final ExtensionSection section;

    Options(ExtensionSection section) {
        this.section = section;
    }

    String name() {
        return section.name();
    }

    /** Refuses options a type does not know, so a misspelt one is not silently ignored. */
    void allowOnly(Set<String> known) {
        Set<String> unknown = new TreeSet<>(section.options().keySet());
        unknown.removeAll(known);
        unknown.remove("type");
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    String string(String key, String dflt) {
        String v = section.option(key, null);
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    String required(String key) {
        String v = string(key, null);
        if (v == null) {
            throw new IllegalArgumentException("missing option " + key);
        }
        return v;
    }

    boolean has(String key) {
        return string(key, null) != null;
    }

    int integer(String key, int dflt, int min, int max) {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + v + " is not an integer");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " = " + v + " is not in " + min + ".." + max);
        }
        return n;
    }

    /** Seconds, possibly fractional ({@code 0.5}), at least {@code min}; as milliseconds. */
    long seconds(String key, double dflt, double min) {
        String v = string(key, null);
        double s = dflt;
        if (v != null) {
            try {
                s = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = " + v + " is not a number of seconds");
            }
            if (!(s >= min) || s > 86400 * 365) {
                throw new IllegalArgumentException(key + " = " + v + " must be at least " + min + " seconds");
            }
        }
        return Math.round(s * 1000);
    }

    boolean bool(String key, boolean dflt) {
        String v = string(key, null);
        if (v == null) {
            return dflt;
        }
        // the reference's boolean(): true/yes/on/1, false/no/off/0
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new IllegalArgumentException(key + " = " + v + " is not a boolean (true or false)");
        }
    }

    /**
     * A byte size as the reference reads one ({@code logfile_maxbytes}): an integer, optionally
     * followed by KB, MB or GB (any case; 1024-based).
     */
    static long byteSize(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (v.endsWith("kb")) {
            mult = 1024L;
        } else if (v.endsWith("mb")) {
            mult = 1024L * 1024;
        } else if (v.endsWith("gb")) {
            mult = 1024L * 1024 * 1024;
        }
        String digits = (mult == 1 ? v : v.substring(0, v.length() - 2)).strip();
        try {
            long n = Long.parseLong(digits);
            if (n <= 0) {
                throw new IllegalArgumentException(key + " = " + value + " must be more than 0");
            }
            return Math.multiplyExact(n, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + " = " + value
                    + " is not a byte size (an integer, optionally followed by KB, MB or GB)");
        }
    }

    /** 104857600 as {@code 100.0 MB}, for log lines. */
    static String human(long bytes) {
        if (bytes >= 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
        }
        if (bytes >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
