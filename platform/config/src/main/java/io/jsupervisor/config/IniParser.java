package io.jsupervisor.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reading half of Python 3.11's {@code RawConfigParser} configured as supervisor configures it:
 * {@code =} and {@code :} delimiters, lower-cased keys, {@code #}/{@code ;} full-line comments,
 * inline {@code ;}/{@code #} comments after whitespace, indented continuation lines, empty lines kept
 * inside values, {@code [DEFAULT]}, non-strict (repeated sections merge, last key wins), no
 * interpolation.
 */
final class IniParser {
    static final String DEFAULT_SECTION = "DEFAULT";
    private static final String[] INLINE_PREFIXES = {";", "#"};
    private static final String[] COMMENT_PREFIXES = {"#", ";"};

    /** Values are String once a read is complete; during a read, multi-line values are lists. */
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    /** Which file first created a section (only sections created by {@link #readIncluded}). */
    private final Map<String, String> sectionToFile = new HashMap<>();

    /** Reads one file's text; {@code source} is the name Python's messages use for it. */
    void read(String text, String source) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < normalised.length()) {
            int nl = normalised.indexOf('\n', start);
            int end = nl < 0 ? normalised.length() : nl + 1;
            lines.add(normalised.substring(start, end));
            start = end;
        }
        parse(lines, source);
    }

    /** Like {@link #read} but remembers the file of every section the read creates. */
    void readIncluded(String text, String source) {
        List<String> before = new ArrayList<>(sections.keySet());
        read(text, source);
        for (String s : sections.keySet()) {
            if (!before.contains(s)) {
                sectionToFile.put(s, source);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void parse(List<String> lines, String source) {
        Map<String, Object> cursect = null;
        String optname = null;
        int indentLevel = 0;
        StringBuilder errors = null;
        int lineno = 0;
        for (String line : lines) {
            lineno++;
            int commentStart = Integer.MAX_VALUE;
            Map<String, Integer> inline = new LinkedHashMap<>();
            for (String p : INLINE_PREFIXES) {
                inline.put(p, -1);
            }
            while (commentStart == Integer.MAX_VALUE && !inline.isEmpty()) {
                Map<String, Integer> next = new LinkedHashMap<>();
                for (Map.Entry<String, Integer> e : inline.entrySet()) {
                    int index = line.indexOf(e.getKey(), e.getValue() + 1);
                    if (index == -1) {
                        continue;
                    }
                    next.put(e.getKey(), index);
                    if (index == 0 || Py.isSpace(line.charAt(index - 1))) {
                        commentStart = Math.min(commentStart, index);
                    }
                }
                inline = next;
            }
            String stripped = Py.strip(line);
            for (String p : COMMENT_PREFIXES) {
                if (stripped.startsWith(p)) {
                    commentStart = 0;
                    break;
                }
            }
            boolean hadComment = commentStart != Integer.MAX_VALUE;
            String value = Py.strip(hadComment ? line.substring(0, commentStart) : line);
            if (value.isEmpty()) {
                if (!hadComment && cursect != null && optname != null && !optname.isEmpty()
                        && cursect.get(optname) instanceof List) {
                    ((List<String>) cursect.get(optname)).add("");
                }
                continue;
            }
            int curIndent = 0;
            while (curIndent < line.length() && Py.isSpace(line.charAt(curIndent))) {
                curIndent++;
            }
            if (curIndent >= line.length()) {
                curIndent = 0;
            }
            if (cursect != null && optname != null && !optname.isEmpty() && curIndent > indentLevel) {
                Object existing = cursect.get(optname);
                if (existing instanceof List) {
                    ((List<String>) existing).add(value);
                } else {
                    List<String> l = new ArrayList<>();
                    l.add(String.valueOf(existing));
                    l.add(value);
                    cursect.put(optname, l);
                }
                continue;
            }
            indentLevel = curIndent;
            String header = sectionHeader(value);
            if (header != null) {
                if (sections.containsKey(header)) {
                    cursect = sections.get(header);
                } else if (header.equals(DEFAULT_SECTION)) {
                    cursect = defaults;
                } else {
                    cursect = new LinkedHashMap<>();
                    sections.put(header, cursect);
                }
                optname = null;
                continue;
            }
            if (cursect == null) {
                throw new PyValueError("File contains no section headers.\nfile: " + Py.repr(source)
                        + ", line: " + lineno + "\n" + Py.repr(line));
            }
            int delim = optionDelimiter(value);
            if (delim < 0) {
                errors = addError(errors, source, lineno, line);
                continue;
            }
            String name = Py.rstrip(value.substring(0, delim));
            if (name.isEmpty()) {
                errors = addError(errors, source, lineno, line);
            }
            optname = name.toLowerCase(java.util.Locale.ROOT);
            List<String> v = new ArrayList<>();
            v.add(Py.strip(value.substring(delim + 1)));
            cursect.put(optname, v);
        }
        joinMultiline(defaults);
        for (Map<String, Object> s : sections.values()) {
            joinMultiline(s);
        }
        if (errors != null) {
            throw new PyValueError(errors.toString());
        }
    }

    private static StringBuilder addError(StringBuilder errors, String source, int lineno, String line) {
        if (errors == null) {
            errors = new StringBuilder("Source contains parsing errors: ").append(Py.repr(source));
        }
        errors.append("\n\t[line ").append(String.format("%2d", lineno)).append("]: ").append(Py.repr(line));
        return errors;
    }

    /** {@code \[(?P<header>.+)\]} matched at the start of the value (greedy). */
    private static String sectionHeader(String value) {
        if (!value.startsWith("[")) {
            return null;
        }
        int close = value.lastIndexOf(']');
        if (close < 2) {
            return null;
        }
        return value.substring(1, close);
    }

    /** Index of the first {@code =} or {@code :} (the option part is non-greedy). */
    private static int optionDelimiter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static void joinMultiline(Map<String, Object> options) {
        for (Map.Entry<String, Object> e : options.entrySet()) {
            if (e.getValue() instanceof List) {
                e.setValue(Py.rstrip(String.join("\n", (List<String>) e.getValue())));
            }
        }
    }

    List<String> sections() {
        return new ArrayList<>(sections.keySet());
    }

    boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    boolean hasOption(String section, String option) {
        Map<String, Object> s = sections.get(section);
        return (s != null && s.containsKey(option)) || defaults.containsKey(option);
    }

    /** The raw value, or null when the option is absent from the section and from [DEFAULT]. */
    String get(String section, String option) {
        Map<String, Object> s = sections.get(section);
        if (s != null && s.containsKey(option)) {
            return (String) s.get(option);
        }
        return (String) defaults.get(option);
    }

    /** Option names: the section's own first, then [DEFAULT]'s others (Python's {@code options()}). */
    List<String> options(String section) {
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>(sections.get(section));
        merged.putAll(defaults);
        return new ArrayList<>(merged.keySet());
    }

    /** Python's {@code items(section)}: [DEFAULT] first, overridden by the section. */
    private Map<String, Object> items(String section) {
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>(defaults);
        merged.putAll(sections.get(section));
        return merged;
    }

    /** supervisor's {@code expand_here}: replace the literal {@code %(here)s} in every value now. */
    void expandHere(String here) {
        for (String section : sections()) {
            for (Map.Entry<String, Object> e : items(section).entrySet()) {
                String v = (String) e.getValue();
                if (v.contains("%(here)s")) {
                    sections.get(section).put(e.getKey(), v.replace("%(here)s", here));
                }
            }
        }
    }

    /** The file a section came from, or null when it came from the main file. */
    String fileOf(String section) {
        return sectionToFile.get(section);
    }
}
