package io.jsupervisor.config;

import io.jsupervisor.pycompat.PyPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Python's {@code glob.glob} (non-recursive): {@code *}, {@code ?} and {@code [...]} per path
 * segment, names starting with a dot only matched by a pattern starting with a dot; results keep
 * the pattern's spelling of the literal parts (e.g. {@code ./}) and are sorted.
 */
final class PyGlob {
    private PyGlob() {}

    static List<Path> glob(String pattern) {
        List<Path> out = new ArrayList<>();
        for (String s : globStrings(pattern)) {
            out.add(Path.of(s));
        }
        return out;
    }

    static List<String> globStrings(String pattern) {
        List<String> result = new ArrayList<>(expand(pattern));
        Collections.sort(result);
        return result;
    }

    static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static List<String> expand(String pattern) {
        List<String> out = new ArrayList<>();
        String dirname = PyPaths.dirname(pattern);
        String basename = pattern.substring(pattern.lastIndexOf('/') + 1);
        if (!hasMagic(pattern)) {
            if (basename.isEmpty() ? Files.isDirectory(Path.of(dirname)) : Files.exists(Path.of(pattern), LinkOption.NOFOLLOW_LINKS)) {
                out.add(pattern);
            }
            return out;
        }
        if (dirname.isEmpty()) {
            out.addAll(match(".", "", basename));
            return out;
        }
        List<String> dirs = (!dirname.equals(pattern) && hasMagic(dirname)) ? expand(dirname) : List.of(dirname);
        for (String dir : dirs) {
            if (hasMagic(basename)) {
                out.addAll(match(dir, dir.endsWith("/") ? dir : dir + "/", basename));
            } else if (basename.isEmpty()) {
                if (Files.isDirectory(Path.of(dir))) {
                    out.add(dir + "/");
                }
            } else {
                String joined = dir.endsWith("/") ? dir + basename : dir + "/" + basename;
                if (Files.exists(Path.of(joined), LinkOption.NOFOLLOW_LINKS)) {
                    out.add(joined);
                }
            }
        }
        return out;
    }

    private static List<String> match(String dir, String prefix, String pattern) {
        List<String> out = new ArrayList<>();
        Pattern re = Pattern.compile(translate(pattern), Pattern.DOTALL);
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && !pattern.startsWith(".")) {
                    return;
                }
                if (re.matcher(name).matches()) {
                    out.add(prefix + name);
                }
            });
        } catch (IOException | RuntimeException e) {
            // an unreadable or missing folder matches nothing, as in Python
        }
        return out;
    }

    /** fnmatch.translate for one segment. */
    static String translate(String pat) {
        StringBuilder res = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                res.append(".*");
            } else if (c == '?') {
                res.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    res.append("\\[");
                } else {
                    String stuff = pat.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (stuff.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    for (; k < stuff.length(); k++) {
                        char sc = stuff.charAt(k);
                        if (sc == '-' ) {
                            cls.append('-');
                        } else {
                            cls.append(Pattern.quote(String.valueOf(sc)).equals("\\Q" + sc + "\\E") && Character.isLetterOrDigit(sc)
                                    ? String.valueOf(sc) : "\\" + sc);
                        }
                    }
                    cls.append(']');
                    if (stuff.isEmpty() || (stuff.equals("!"))) {
                        res.append(stuff.isEmpty() ? "(?!)" : ".");
                    } else {
                        res.append(cls);
                    }
                }
            } else {
                res.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return res.toString();
    }
}
