package io.jsupervisor.pycompat;

/**
 * Python's {@code os.path.dirname} and {@code os.path.join} (posixpath) on strings. Unlike
 * {@link java.nio.file.Path} they keep a path as typed ({@code ./bin} stays {@code ./bin}, the
 * directory of {@code bin} is the empty string), which the reference's messages and relative
 * lookups show.
 */
public final class PyPaths {

    private PyPaths() {
    }

    /** {@code os.path.dirname(p)}: everything before the last slash, trailing slashes dropped unless all slashes. */
    public static String dirname(String p) {
        String head = p.substring(0, p.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.equals("/".repeat(head.length()))) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    /** {@code os.path.join(a, *rest)}: an absolute part discards what came before it. */
    public static String join(String a, String... rest) {
        String path = a;
        for (String b : rest) {
            if (b.startsWith("/")) {
                path = b;
            } else if (path.isEmpty() || path.endsWith("/")) {
                path = path + b;
            } else {
                path = path + "/" + b;
            }
        }
        return path;
    }
}
