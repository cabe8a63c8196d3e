package io.jsupervisor.config;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.RestartPolicy;
import io.jsupervisor.api.config.RestartPolicy.Backoff;
import java.util.Locale;

/**
 * jsupervisor's restart options of a {@code [program:x]}: {@code restart_delay}, {@code backoff},
 * {@code backoff_max}, {@code backoff_jitter}, {@code backoff_reset_after}, and
 * {@code startretries = unlimited}. The reference ignores the first five; a program that sets
 * none of them gets {@link RestartPolicy#REFERENCE}.
 */
final class RestartOptions {
    private RestartOptions() {}

    static RestartPolicy read(OptionLookup options) {
        Double delay = options.optional("restart_delay", RestartOptions::seconds);
        Backoff backoff = options.optional("backoff", RestartOptions::backoff);
        Double max = options.optional("backoff_max", RestartOptions::seconds);
        Double jitter = options.optional("backoff_jitter", RestartOptions::fraction);
        Double resetAfter = options.optional("backoff_reset_after", RestartOptions::seconds);
        if (delay == null && backoff == null && max == null && jitter == null && resetAfter == null) {
            return RestartPolicy.REFERENCE;
        }
        return new RestartPolicy(delay, backoff == null ? Backoff.LINEAR : backoff, max,
                jitter == null ? 0 : jitter, resetAfter);
    }

    /** {@code startretries}: an integer as the reference reads it, or {@code unlimited}. */
    static int startretries(String value) {
        if (Py.strip(value).toLowerCase(Locale.ROOT).equals("unlimited")) {
            return ProcessConfig.UNLIMITED_RETRIES;
        }
        return Datatypes.integer(value);
    }

    /** A number of seconds, fractions allowed, not negative. */
    static double seconds(String value) {
        double d = number(value);
        if (d < 0) {
            throw new PyValueError("value " + Py.repr(value) + " is not a number of seconds (0 or more)");
        }
        return d;
    }

    /** A fraction from 0 to 1. */
    static double fraction(String value) {
        double d = number(value);
        if (d < 0 || d > 1) {
            throw new PyValueError("value " + Py.repr(value) + " is not a fraction from 0 to 1");
        }
        return d;
    }

    static Backoff backoff(String value) {
        String v = Py.strip(value).toLowerCase(Locale.ROOT);
        for (Backoff b : Backoff.values()) {
            if (b.configValue().equals(v)) {
                return b;
            }
        }
        throw new PyValueError("invalid backoff " + Py.repr(value) + " (linear or exponential)");
    }

    /** A finite decimal number as written in a config (no sign but minus, no inf or nan). */
    static double number(String value) {
        String v = Py.strip(value);
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && !v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.charAt(0) == '.'
                    || v.charAt(0) == '-')) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new PyValueError("value " + Py.repr(value) + " is not a number");
    }
}
