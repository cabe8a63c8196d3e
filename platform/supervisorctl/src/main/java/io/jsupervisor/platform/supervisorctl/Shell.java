package io.jsupervisor.platform.supervisorctl;

import java.io.Console;
import java.io.IOException;

/** The interactive shell: prompt, history file, status first, errors never end it, EOF/quit/exit. */
final class Shell {
    private Shell() {}

    static void loop(Supervisorctl ctl) {
        ctl.onecmd("status");
        while (true) {
            ctl.write((ctl.prompt + "> ").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ctl.flush();
            String line;
            try {
                line = ctl.stdin().readLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                ctl.output("");
                ctl.flush();
                return;
            }
            if (!line.isBlank()) {
                ctl.appendHistory(line);
            }
            boolean stop = ctl.onecmd(line);
            ctl.flush();
            if (stop) {
                return;
            }
        }
    }

    static String ask(Supervisorctl ctl, String question) throws IOException {
        ctl.write(question.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ctl.flush();
        return ctl.stdin().readLine();
    }

    static String askPassword(Supervisorctl ctl, String question) throws IOException {
        Console c = System.console();
        if (c != null) {
            char[] pw = c.readPassword("%s", question);
            return pw == null ? null : new String(pw);
        }
        return ask(ctl, question);
    }

    /** Ctrl-C: ends a running tail -f / fg, otherwise ends the program with a newline. */
    static void installInterruptHandler(Supervisorctl ctl) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                Runnable r = ctl.interrupter;
                if (r != null) {
                    r.run();
                } else {
                    try {
                        ctl.output("");
                        ctl.flush();
                    } catch (RuntimeException ignored) {
                        // closed
                    }
                    Runtime.getRuntime().halt(ctl.interactive ? 0 : ctl.exitstatus);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // signal unavailable
        }
    }
}
