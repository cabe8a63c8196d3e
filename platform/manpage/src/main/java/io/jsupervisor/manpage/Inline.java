package io.jsupervisor.manpage;

/**
 * One line of a manual source's text as a roff text line: {@code **bold**}, {@code *italic*} and
 * {@code `literal`} (bold, nothing inside it is markup) become font changes, a backslash makes
 * the next character literal, and what roff would take as its own syntax is escaped (backslash,
 * the hyphen written as the minus sign that options need, a leading dot or quote).
 */
final class Inline {
    private Inline() {}

    /** @throws IllegalArgumentException when a font change is left open at the end of the line */
    static String toRoff(String line) {
        StringBuilder out = new StringBuilder();
        char font = 'R';
        boolean literal = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (literal) {
                if (c == '`') {
                    literal = false;
                    out.append("\\fR");
                } else {
                    appendEscaped(out, c);
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                appendEscaped(out, line.charAt(++i));
            } else if (c == '`') {
                if (font != 'R') {
                    throw new IllegalArgumentException("` inside " + fontName(font));
                }
                literal = true;
                out.append("\\fB");
            } else if (c == '*') {
                char wanted = i + 1 < line.length() && line.charAt(i + 1) == '*' ? 'B' : 'I';
                if (wanted == 'B') {
                    i++;
                }
                if (font == wanted) {
                    font = 'R';
                } else if (font == 'R') {
                    font = wanted;
                } else {
                    throw new IllegalArgumentException(fontName(wanted) + " inside " + fontName(font));
                }
                out.append("\\f").append(font);
            } else {
                appendEscaped(out, c);
            }
        }
        if (literal) {
            throw new IllegalArgumentException("` (literal) not closed on its line");
        }
        if (font != 'R') {
            throw new IllegalArgumentException(fontName(font) + " not closed on its line");
        }
        if (out.length() > 0 && (out.charAt(0) == '.' || out.charAt(0) == '\'')) {
            out.insert(0, "\\&");
        }
        return out.toString();
    }

    /** A line of a code block: only escaped, kept as it is written. */
    static String verbatim(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            appendEscaped(out, line.charAt(i));
        }
        if (out.length() > 0 && (out.charAt(0) == '.' || out.charAt(0) == '\'')) {
            out.insert(0, "\\&");
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '\\' -> out.append("\\e");
            case '-' -> out.append("\\-");
            default -> out.append(c);
        }
    }

    private static String fontName(char font) {
        return font == 'B' ? "** (bold)" : "* (italic)";
    }
}
