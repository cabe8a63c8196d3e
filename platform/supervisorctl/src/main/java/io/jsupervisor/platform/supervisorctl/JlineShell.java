package io.jsupervisor.platform.supervisorctl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell on a terminal: JLine line editing, history file, completion of actions and of
 * process and group names. Only this class touches JLine, and only the interactive shell on a
 * terminal loads it, so one-shot actions never pay for it.
 */
final class JlineShell {
    /**
     * JLine reports through java.util.logging (a history file it cannot write, no system
     * terminal), which would print warnings with stack traces; the reference's shell ignores such
     * errors silently. Held here so the setting is not garbage-collected away.
     */
    private static final java.util.logging.Logger JLINE_LOG = java.util.logging.Logger.getLogger("org.jline");

    private final Supervisorctl ctl;
    private final Terminal terminal;
    private final LineReader reader;

    private JlineShell(Supervisorctl ctl) throws IOException {
        this.ctl = ctl;
        JLINE_LOG.setLevel(java.util.logging.Level.OFF);
        terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build();
        if (terminal.getWidth() <= 0) {
            // a pty nobody gave a size (scripts, test drivers): readline assumes 80 columns too
            terminal.setSize(new Size(80, Math.max(terminal.getHeight(), 24)));
        }
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]);
        parser.setQuoteChars(new char[0]);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("supervisorctl")
                .parser(parser)
                .completer((r, parsed, candidates) -> complete(parsed.word(), parsed.line(), parsed.wordCursor(),
                        parsed.cursor(), candidates))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_TIMESTAMPED, false)
                .option(LineReader.Option.BRACKETED_PASTE, false)
                .option(LineReader.Option.AUTO_LIST, true)
                .option(LineReader.Option.LIST_AMBIGUOUS, true)
                .option(LineReader.Option.AUTO_MENU, false)
                .option(LineReader.Option.INSERT_TAB, false);
        if (ctl.historyFile != null) {
            b.variable(LineReader.HISTORY_FILE, Path.of(ctl.historyFile));
        }
        reader = b.build();
        // arrows in both cursor-key modes, whatever the terminfo entry says
        org.jline.keymap.KeyMap<org.jline.reader.Binding> keys = reader.getKeyMaps().get(LineReader.MAIN);
        keys.bind(new org.jline.reader.Reference(LineReader.UP_LINE_OR_HISTORY), "\033[A", "\033OA");
        keys.bind(new org.jline.reader.Reference(LineReader.DOWN_LINE_OR_HISTORY), "\033[B", "\033OB");
        keys.bind(new org.jline.reader.Reference(LineReader.FORWARD_CHAR), "\033[C", "\033OC");
        keys.bind(new org.jline.reader.Reference(LineReader.BACKWARD_CHAR), "\033[D", "\033OD");
        // Ctrl-C while an action runs: ends tail -f / fg, otherwise the shell (as the reference does)
        terminal.handle(Terminal.Signal.INT, sig -> Shell.onInterrupt(ctl));
    }

    /** Runs the shell; false when no terminal could be set up (the caller falls back to plain lines). */
    static boolean run(Supervisorctl ctl) {
        JlineShell sh;
        try {
            sh = new JlineShell(ctl);
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        }
        sh.loop();
        return true;
    }

    private void complete(String word, String line, int wordCursor, int cursor, List<Candidate> out) {
        String text = word.substring(0, Math.min(wordCursor, word.length()));
        String upto = line.substring(0, Math.min(cursor, line.length()));
        for (String m : new Completer(ctl).complete(text, upto)) {
            String v = m.endsWith(" ") ? m.substring(0, m.length() - 1) : m;
            out.add(new Candidate(v, v, null, null, null, null, true));
        }
    }

    private void loop() {
        ctl.lines = new Supervisorctl.LineInput() {
            @Override
            public String readLine(String prompt) throws IOException {
                return read(prompt, null);
            }

            @Override
            public String readSecret(String prompt) throws IOException {
                return read(prompt, '\0');
            }
        };
        try {
            ctl.onecmd("status");
            ctl.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine(ctl.prompt + "> ");
                } catch (UserInterruptException e) {
                    // Ctrl-C at the prompt ends the shell, as in the reference
                    ctl.output("");
                    break;
                } catch (EndOfFileException e) {
                    line = "EOF";
                }
                boolean stop = ctl.onecmd(line);
                ctl.flush();
                if (stop) {
                    break;
                }
            }
        } finally {
            ctl.lines = null;
            try {
                reader.getHistory().save();
            } catch (IOException | RuntimeException ignored) {
                // like readline's write_history_file: errors ignored
            }
            try {
                terminal.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** One line for a question or for fg: no history, Ctrl-C as {@link InterruptedIOException}, EOF as null. */
    private String read(String prompt, Character mask) throws IOException {
        Object saved = reader.getVariable(LineReader.DISABLE_HISTORY);
        reader.setVariable(LineReader.DISABLE_HISTORY, Boolean.TRUE);
        try {
            ctl.flush();
            return mask == null ? reader.readLine(prompt) : reader.readLine(prompt, mask);
        } catch (UserInterruptException e) {
            throw new InterruptedIOException("interrupted");
        } catch (EndOfFileException e) {
            return null;
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, saved == null ? Boolean.FALSE : saved);
        }
    }
}
