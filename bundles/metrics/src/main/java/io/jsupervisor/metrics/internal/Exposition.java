package io.jsupervisor.metrics.internal;

import java.util.Locale;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4 or in OpenMetrics 1.0,
 * the two differing only in a few places: OpenMetrics names a counter family without its
 * {@code _total} suffix, escapes quotes in HELP and ends with {@code # EOF}. Counter samples are
 * always written with the suffix.
 */
final class Exposition {
    /** The formats a scraper may ask for, with their Content-Type. */
    enum Format {
        PROMETHEUS("text/plain; version=0.0.4; charset=utf-8"),
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

        final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /** OpenMetrics when the Accept header names it (as Prometheus does), else the text format. */
        static Format forAccept(String accept) {
            return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                    ? OPENMETRICS : PROMETHEUS;
        }
    }

    /** The metric types used here. */
    enum Type {
        GAUGE, COUNTER, HISTOGRAM;

        final String text = name().toLowerCase(Locale.ROOT);
    }

    private final Format format;
    private final StringBuilder out;
    private String sampleName;

    Exposition(Format format, int capacity) {
        this.format = format;
        this.out = new StringBuilder(capacity);
    }

    /** Starts a family; {@code name} is the base name, without {@code _total} for counters. */
    Exposition family(String name, Type type, String help) {
        sampleName = type == Type.COUNTER ? name + "_total" : name;
        String familyName = type == Type.COUNTER && format == Format.PROMETHEUS ? sampleName : name;
        out.append("# HELP ").append(familyName).append(' ');
        escape(help, format == Format.OPENMETRICS);
        out.append('\n');
        out.append("# TYPE ").append(familyName).append(' ').append(type.text).append('\n');
        return this;
    }

    /**
     * A sample of the current family under {@code name + suffix}, for a histogram's
     * {@code _bucket}, {@code _sum} and {@code _count}; {@code labels} are name, value pairs.
     */
    Exposition sampleWithSuffix(String suffix, double value, String... labels) {
        String family = sampleName;
        sampleName = family + suffix;
        try {
            return sample(value, labels);
        } finally {
            sampleName = family;
        }
    }

    /** A sample of the current family; {@code labels} are name, value pairs. */
    Exposition sample(long value, String... labels) {
        labels(labels);
        out.append(value).append('\n');
        return this;
    }

    /** A sample of the current family; {@code labels} are name, value pairs. */
    Exposition sample(double value, String... labels) {
        labels(labels);
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "+Inf" : "-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
        return this;
    }

    /** The whole exposition, with the terminator OpenMetrics requires. */
    String finish() {
        if (format == Format.OPENMETRICS) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    private void labels(String[] labels) {
        out.append(sampleName);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"");
                escape(labels[i + 1], true);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ');
    }

    /** Backslash and newline always; the double quote in label values (and OpenMetrics HELP). */
    private void escape(String s, boolean quotes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && quotes) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }
}
