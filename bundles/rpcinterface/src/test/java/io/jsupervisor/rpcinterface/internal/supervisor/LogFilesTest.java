package io.jsupervisor.rpcinterface.internal.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * readFile/tailFile against the reference's own functions (supervisor.options.readFile and
 * tailFile, run by /usr/bin/python3) on the same files, over a grid of offsets and lengths.
 */
class LogFilesTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final long[] VALUES = {-1000, -101, -100, -99, -11, -10, -9, -5, -1, 0, 1, 5, 9, 10, 11, 50, 99, 100, 101, 1000};

    /** For each line "R offset length" or "T offset length", the reference's answer on one line. */
    static final String SCRIPT = String.join("\n",
            "import sys",
            "from supervisor.options import readFile, tailFile",
            "from supervisor.compat import as_string",
            "fn = sys.argv[1]",
            "for line in sys.stdin:",
            "    kind, off, ln = line.split()",
            "    off = int(off); ln = int(ln)",
            "    if kind == 'R':",
            "        try:",
            "            print('OK ' + as_string(readFile(fn, off, ln)).encode('utf-8').hex())",
            "        except UnicodeDecodeError:",
            "            print('ERR UNICODE')",
            "        except ValueError as e:",
            "            print('ERR ' + e.args[0])",
            "    else:",
            "        try:",
            "            s, o, ov = tailFile(fn, off, ln)",
            "            print('OK %s %d %s' % (s.encode('utf-8').hex() or '-', o, ov))",
            "        except UnicodeDecodeError:",
            "            print('ERR UNICODE')",
            "");

    static boolean referenceInstalled() {
        return Files.isExecutable(PYTHON)
                && Files.exists(Path.of("/usr/lib/python3/dist-packages/supervisor/options.py"));
    }

    static List<String> reference(Path file, List<String> queries) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT, file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().write((String.join("\n", queries) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = new ArrayList<>(List.of(out.split("\n")));
        assertEquals(queries.size(), lines.size(), out);
        return lines;
    }

    static String ours(Path file, String query) {
        String[] q = query.split(" ");
        long off = Long.parseLong(q[1]);
        long len = Long.parseLong(q[2]);
        if (q[0].equals("R")) {
            byte[] data;
            try {
                data = LogFiles.readFile(file, off, len);
            } catch (SupervisorException e) {
                return "ERR " + e.getMessage();
            }
            if (!LogFiles.isValidUtf8(data)) {
                return "ERR UNICODE";
            }
            return "OK " + HexFormat.of().formatHex(LogFiles.decode(data).getBytes(StandardCharsets.UTF_8));
        }
        LogFiles.Tail t = LogFiles.tailFile(file, off, len);
        String hex = HexFormat.of().formatHex(t.text().getBytes(StandardCharsets.UTF_8));
        return "OK " + (hex.isEmpty() ? "-" : hex) + " " + t.offset() + " " + (t.overflow() ? "True" : "False");
    }

    private static List<String> grid() {
        List<String> q = new ArrayList<>();
        for (long off : VALUES) {
            for (long len : VALUES) {
                q.add("R " + off + " " + len);
                q.add("T " + off + " " + len);
            }
        }
        return q;
    }

    private void compare(Path file) throws Exception {
        assumeTrue(referenceInstalled(), "the reference Supervisor is not installed");
        List<String> queries = grid();
        List<String> expected = reference(file, queries);
        int checked = 0;
        for (int i = 0; i < queries.size(); i++) {
            String ref = expected.get(i);
            if (ref.equals("ERR UNICODE")) {
                // the reference fails the call (HTTP 500); we answer with U+FFFD instead
                String q = queries.get(i);
                String[] a = q.split(" ");
                if (a[0].equals("R")) {
                    byte[] data = LogFiles.readFile(file, Long.parseLong(a[1]), Long.parseLong(a[2]));
                    assertFalse(LogFiles.isValidUtf8(data), q);
                    assertTrue(LogFiles.decode(data).contains("\ufffd"), q);
                }
                continue;
            }
            assertEquals(ref, ours(file, queries.get(i)), queries.get(i) + " on " + Files.size(file) + " bytes");
            checked++;
        }
        assertTrue(checked > queries.size() / 2, "too few comparable answers: " + checked);
    }

    @Test
    void emptyFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("empty.log");
        Files.write(f, new byte[0]);
        compare(f);
    }

    @Test
    void tenBytes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ten.log");
        Files.writeString(f, "0123456789");
        compare(f);
    }

    @Test
    void hundredBytes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("hundred.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append("line ").append(i).append(" ab\n");
        }
        assertEquals(100, sb.length());
        Files.writeString(f, sb);
        compare(f);
    }

    /** Multi-byte characters: where an offset cuts one, the reference fails and we replace it. */
    @Test
    void multibyteText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("utf8.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append("é€😀 ").append(i).append('\n');
        }
        Files.writeString(f, sb);
        compare(f);
        assertEquals(sb.toString(), LogFiles.decode(LogFiles.readFile(f, 0, 0)));
    }

    @Test
    void invalidUtf8IsReplacedNotFatal(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bin.log");
        Files.write(f, new byte[] {'a', (byte) 0xff, 'b', (byte) 0xe2, (byte) 0x82});
        assertEquals("a\ufffdb\ufffd", LogFiles.decode(LogFiles.readFile(f, 0, 0)));
        LogFiles.Tail t = LogFiles.tailFile(f, 0, 100);
        assertEquals("a\ufffdb\ufffd", t.text());
        assertEquals(5, t.offset());
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        Path missing = dir.resolve("nope.log");
        SupervisorException e = assertThrows(SupervisorException.class, () -> LogFiles.readFile(missing, 0, 0));
        assertEquals(Fault.FAILED, e.fault());
        assertEquals("FAILED", e.getMessage());
        assertEquals(new LogFiles.Tail("", 7, false), LogFiles.tailFile(missing, 7, 3));
        // Python's open() refuses a directory before any argument is looked at
        e = assertThrows(SupervisorException.class, () -> LogFiles.readFile(dir, -5, 3));
        assertEquals(Fault.FAILED, e.fault());
        assertEquals(new LogFiles.Tail("", 2, false), LogFiles.tailFile(dir, 2, 3));
    }

    @Test
    void hugeOffsetsDoNotOverflow(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ten.log");
        Files.writeString(f, "0123456789");
        assertEquals(new LogFiles.Tail("", 10, false), LogFiles.tailFile(f, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(new LogFiles.Tail("56789", 10, true), LogFiles.tailFile(f, Long.MIN_VALUE, 5));
        // lseek beyond what the file system allows is EINVAL: FAILED, as the reference answers
        SupervisorException e = assertThrows(SupervisorException.class, () -> LogFiles.readFile(f, Long.MAX_VALUE - 1, 0));
        assertEquals("FAILED", e.getMessage());
        assertEquals(0, LogFiles.readFile(f, 1L << 30, 0).length);
        assertEquals("0123456789", new String(LogFiles.readFile(f, Long.MIN_VALUE + 1, 0), StandardCharsets.UTF_8));
    }
}
