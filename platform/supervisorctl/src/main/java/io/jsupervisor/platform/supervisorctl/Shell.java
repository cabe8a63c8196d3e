package io.jsupervisor.platform.supervisorctl;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The interactive shell. On a terminal (stdin and stdout both ttys) it is {@link JlineShell}, with
 * line editing, history and completion; otherwise, as the reference does when input() has no
 * terminal, it prints the prompt and reads plain lines from stdin. Either way it runs
 * {@code status} first, an error never ends it, and EOF, {@code quit} and {@code exit} do.
 */
final class Shell {
    private Shell() {}

    static void loop(Supervisorctl ctl) {
        if (System.console() != null && !Boolean.getBoolean("jsupervisor.ctl.plainShell")
                && JlineShell.run(ctl)) {
            return;
        }
        ctl.onecmd("status");
        while (true) {
            ctl.write((ctl.prompt + "> ").getBytes(StandardCharsets.UTF_8));
            ctl.flush();
            String line;
            try {
                line = ctl.stdin().readLine();
            } catch (IOException e) {
                line = null;
            }
            boolean stop = ctl.onecmd(line == null ? "EOF" : line);
            ctl.flush();
            if (stop) {
                return;
            }
        }
    }

    static String ask(Supervisorctl ctl, String question) throws IOException {
        if (ctl.lines != null) {
            return ctl.lines.readLine(question);
        }
        ctl.write(question.getBytes(StandardCharsets.UTF_8));
        ctl.flush();
        return ctl.stdin().readLine();
    }

    static String askPassword(Supervisorctl ctl, String question) throws IOException {
        if (ctl.lines != null) {
            return ctl.lines.readSecret(question);
        }
        Console c = System.console();
        if (c != null) {
            char[] pw = c.readPassword("%s", question);
            return pw == null ? null : new String(pw);
        }
        return ask(ctl, question);
    }

    /** Ctrl-C: ends a running tail -f / fg, otherwise ends the program with a newline. */
    static void onInterrupt(Supervisorctl ctl) {
        Runnable r = ctl.interrupter;
        if (r != null) {
            r.run();
            return;
        }
        try {
            ctl.output("");
            ctl.flush();
        } catch (RuntimeException ignored) {
            // closed
        }
        Runtime.getRuntime().halt(ctl.interactive ? 0 : ctl.exitstatus);
    }

    static void installInterruptHandler(Supervisorctl ctl) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> onInterrupt(ctl));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // signal unavailable
        }
    }
}
