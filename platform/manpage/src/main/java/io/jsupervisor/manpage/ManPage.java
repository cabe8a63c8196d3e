package io.jsupervisor.manpage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's manual source, written in a small Markdown subset, turned into a roff man page.
 *
 * <p>The source starts with a header between two {@code ---} lines ({@code name}, {@code section},
 * {@code date}, {@code source}, {@code manual}, {@code summary}: the NAME section is made from
 * the name and the summary). Then: {@code # TITLE} a section, {@code ## Title} a subsection,
 * paragraphs separated by blank lines, a line followed by one that starts with {@code ": "} a
 * definition (an option, a signal, a file: roff's tagged paragraph), {@code "- "} a bullet, and
 * a code block between two {@code ```} lines. Inline markup is {@link Inline}'s.
 */
public final class ManPage {
    private static final List<String> KEYS = List.of("name", "section", "date", "source", "manual", "summary");

    /** What is wrong with a source, with where: {@code file:line: message}. */
    public static final class SourceError extends Exception {
        private static final long serialVersionUID = 1L;

        SourceError(String file, int line, String message) {
            super(file + ":" + line + ": " + message);
        }
    }

    private final String file;
    private final List<String> lines;
    private final Map<String, String> header = new LinkedHashMap<>();
    private final StringBuilder roff = new StringBuilder();
    /** Whether the last thing written starts a section: a paragraph right after needs no .PP. */
    private boolean atSectionStart;

    private ManPage(String file, String text) {
        this.file = file;
        this.lines = text.lines().toList();
    }

    /** The page for {@code text}, read from {@code file} (named in errors). */
    public static String toRoff(String file, String text) throws SourceError {
        return new ManPage(file, text).convert();
    }

    /** The header's name and section, as the page's file name: {@code supervisord.8}. */
    public static String pageName(String file, String text) throws SourceError {
        ManPage page = new ManPage(file, text);
        page.readHeader();
        return page.header.get("name") + "." + page.header.get("section");
    }

    private String convert() throws SourceError {
        int i = readHeader();
        roff.append(".TH ").append(quote(header.get("name").toUpperCase(java.util.Locale.ROOT)))
                .append(' ').append(header.get("section"))
                .append(' ').append(quote(header.get("date")))
                .append(' ').append(quote(header.get("source")))
                .append(' ').append(quote(header.get("manual"))).append('\n');
        roff.append(".SH NAME\n").append(text(0, header.get("name") + " - " + header.get("summary"))).append('\n');
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank()) {
                i++;
            } else if (line.startsWith("# ") || line.startsWith("## ")) {
                boolean sub = line.startsWith("## ");
                roff.append(sub ? ".SS " : ".SH ").append(quote(Inline.verbatim(line.substring(sub ? 3 : 2).strip())))
                        .append('\n');
                atSectionStart = true;
                i++;
            } else if (line.startsWith("```")) {
                i = codeBlock(i);
            } else if (line.startsWith("- ")) {
                i = bullet(i);
            } else if (i + 1 < lines.size() && lines.get(i + 1).startsWith(": ")) {
                i = definition(i);
            } else {
                i = paragraph(i);
            }
        }
        return roff.toString();
    }

    /** @return the index of the first line after the header */
    private int readHeader() throws SourceError {
        if (lines.isEmpty() || !lines.get(0).equals("---")) {
            throw new SourceError(file, 1, "the source must start with a header between two --- lines");
        }
        int i = 1;
        for (; i < lines.size() && !lines.get(i).equals("---"); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            String key = colon < 0 ? line.strip() : line.substring(0, colon).strip();
            if (colon < 0 || !KEYS.contains(key)) {
                throw new SourceError(file, i + 1, "not a header line (key: value, the keys are " + String.join(", ", KEYS)
                        + "): " + line);
            }
            if (header.put(key, line.substring(colon + 1).strip()) != null) {
                throw new SourceError(file, i + 1, "header key given twice: " + key);
            }
        }
        if (i == lines.size()) {
            throw new SourceError(file, 1, "the header's closing --- is missing");
        }
        for (String key : KEYS) {
            if (header.getOrDefault(key, "").isEmpty()) {
                throw new SourceError(file, i + 1, "the header lacks " + key);
            }
        }
        if (!Set.of("1", "5", "8").contains(header.get("section"))) {
            throw new SourceError(file, i + 1, "section " + header.get("section") + " (expected 1, 5 or 8)");
        }
        return i + 1;
    }

    private int paragraph(int i) throws SourceError {
        startParagraph();
        for (; i < lines.size() && !lines.get(i).isBlank() && !startsBlock(i); i++) {
            roff.append(text(i, lines.get(i).strip())).append('\n');
        }
        return i;
    }

    private int definition(int i) throws SourceError {
        roff.append(".TP\n").append(text(i, lines.get(i).strip())).append('\n');
        atSectionStart = false;
        i++;
        roff.append(text(i, lines.get(i).substring(2).strip())).append('\n');
        for (i++; i < lines.size() && !lines.get(i).isBlank() && !startsBlock(i); i++) {
            roff.append(text(i, lines.get(i).strip())).append('\n');
        }
        return i;
    }

    private int bullet(int i) throws SourceError {
        roff.append(".IP \\(bu 2\n").append(text(i, lines.get(i).substring(2).strip())).append('\n');
        atSectionStart = false;
        for (i++; i < lines.size() && lines.get(i).startsWith("  ") && !lines.get(i).isBlank(); i++) {
            roff.append(text(i, lines.get(i).strip())).append('\n');
        }
        return i;
    }

    private int codeBlock(int open) throws SourceError {
        startParagraph();
        roff.append(".RS 4\n.nf\n");
        int i = open + 1;
        for (; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
            roff.append(Inline.verbatim(lines.get(i))).append('\n');
        }
        if (i == lines.size()) {
            throw new SourceError(file, open + 1, "code block not closed with ```");
        }
        roff.append(".fi\n.RE\n");
        return i + 1;
    }

    /** A heading, a code block or a bullet ends the paragraph before it without a blank line. */
    private boolean startsBlock(int i) {
        String line = lines.get(i);
        return line.startsWith("# ") || line.startsWith("## ") || line.startsWith("```") || line.startsWith("- ");
    }

    private void startParagraph() {
        if (!atSectionStart) {
            roff.append(".PP\n");
        }
        atSectionStart = false;
    }

    private String text(int index, String line) throws SourceError {
        try {
            return Inline.toRoff(line);
        } catch (IllegalArgumentException e) {
            throw new SourceError(file, index + 1, e.getMessage());
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\\(dq") + "\"";
    }
}
