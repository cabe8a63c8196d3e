package io.jsupervisor.api.process;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers, as the reference's signal_number/signame use them. */
public final class Signals {
    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, String> BY_NUMBER = new LinkedHashMap<>();

    static {
        String[] names = {
            "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
            "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
            "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
        };
        for (int i = 0; i < names.length; i++) {
            BY_NAME.put(names[i], i + 1);
            BY_NUMBER.put(i + 1, names[i]);
        }
        BY_NAME.put("IOT", 6);
        BY_NAME.put("RTMIN", 34);
        BY_NAME.put("RTMAX", 64);
        BY_NAME.put("POLL", 29);
        BY_NAME.put("CLD", 17);
    }

    private Signals() {}

    /**
     * The number of a signal given as {@code TERM}, {@code SIGTERM}, {@code term} or {@code 15}.
     *
     * @throws IllegalArgumentException when it names no signal
     */
    public static int number(String signal) {
        String s = signal.trim();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                n = -1;
            }
            // The numbers Python's signal module names: 0..31, SIGRTMIN and SIGRTMAX.
            if (n < 0 || (n > 31 && n != 34 && n != 64)) {
                throw new IllegalArgumentException("value " + signal + " is not a valid signal number");
            }
            return n;
        }
        String upper = s.toUpperCase(Locale.ROOT);
        if (upper.startsWith("SIG")) {
            upper = upper.substring(3);
        }
        Integer n = BY_NAME.get(upper);
        if (n == null) {
            throw new IllegalArgumentException("value " + signal + " is not a valid signal name");
        }
        return n;
    }

    /** {@code SIGTERM} for 15; {@code signal 99} for an unknown number, as the reference prints. */
    public static String signame(int number) {
        String name = number == 34 ? "RTMIN" : number == 64 ? "RTMAX" : BY_NUMBER.get(number);
        return name == null ? "signal " + number : "SIG" + name;
    }
}
