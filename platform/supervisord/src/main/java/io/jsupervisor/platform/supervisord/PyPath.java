package io.jsupervisor.platform.supervisord;

/** Python's {@code os.path.dirname} and {@code os.path.join} on strings, for exact messages. */
final class PyPath {
    private PyPath() {}

    static String dirname(String p) {
        int i = p.lastIndexOf('/') + 1;
        String head = p.substring(0, i);
        if (!head.isEmpty() && !head.equals("/".repeat(head.length()))) {
            head = head.replaceAll("/+$", "");
        }
        return head;
    }

    static String join(String a, String... rest) {
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
