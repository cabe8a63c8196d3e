package io.jsupervisor.pycompat;

/**
 * Python 3's notion of whitespace in a {@code str}, which is wider than Java's {@link String#strip()}
 * (it also counts U+0085, U+00A0 and the other Unicode spaces), so that values read from a config
 * file or an RPC argument are trimmed the way the reference trims them.
 */
public final class PyStrings {

    private PyStrings() {
    }

    /** Python's {@code str.isspace()} for one character. */
    public static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85 || (c >= 0x1c && c <= 0x1f);
    }

    /** Python's {@code str.strip()} with no argument. */
    public static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isSpace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }
}
