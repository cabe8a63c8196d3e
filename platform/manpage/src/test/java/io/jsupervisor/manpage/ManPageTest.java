package io.jsupervisor.manpage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManPageTest {
    private static final String HEADER = """
            ---
            name: demo
            section: 1
            date: 2026-12
            source: jsupervisor
            manual: User Commands
            summary: show what the converter makes of each construct
            ---
            """;

    private static final String SOURCE = HEADER + """
            # SYNOPSIS

            **demo** [*options*]

            # DESCRIPTION

            First paragraph, with `a-literal *not italic*` and a
            .dot that starts a line.

            Second paragraph: \\*.conf and C:\\\\path.

            - one bullet
              continued
            - two

            ```
            [program:x]
            .command=a -b
            ```

            # OPTIONS

            **-c**, **--configuration** *FILE*
            : The file.
            Still the file.

            **-n**
            : Foreground.
            """;

    @Test
    void eachConstructBecomesItsRoff() throws Exception {
        assertEquals("""
                .TH "DEMO" 1 "2026-12" "jsupervisor" "User Commands"
                .SH NAME
                demo \\- show what the converter makes of each construct
                .SH "SYNOPSIS"
                \\fBdemo\\fR [\\fIoptions\\fR]
                .SH "DESCRIPTION"
                First paragraph, with \\fBa\\-literal *not italic*\\fR and a
                \\&.dot that starts a line.
                .PP
                Second paragraph: *.conf and C:\\epath.
                .IP \\(bu 2
                one bullet
                continued
                .IP \\(bu 2
                two
                .PP
                .RS 4
                .nf
                [program:x]
                \\&.command=a \\-b
                .fi
                .RE
                .SH "OPTIONS"
                .TP
                \\fB\\-c\\fR, \\fB\\-\\-configuration\\fR \\fIFILE\\fR
                The file.
                Still the file.
                .TP
                \\fB\\-n\\fR
                Foreground.
                """, ManPage.toRoff("demo.1.md", SOURCE));
    }

    @Test
    void mistakesNameTheFileAndLine() {
        ManPage.SourceError open = assertThrows(ManPage.SourceError.class,
                () -> ManPage.toRoff("demo.1.md", HEADER + "# X\n\nsome **bold text\n"));
        assertEquals("demo.1.md:11: ** (bold) not closed on its line", open.getMessage());
        ManPage.SourceError fence = assertThrows(ManPage.SourceError.class,
                () -> ManPage.toRoff("demo.1.md", HEADER + "```\ncode\n"));
        assertEquals("demo.1.md:9: code block not closed with ```", fence.getMessage());
        ManPage.SourceError key = assertThrows(ManPage.SourceError.class,
                () -> ManPage.toRoff("demo.1.md", "---\nname: demo\ncolour: red\n---\n"));
        assertTrue(key.getMessage().startsWith("demo.1.md:3: not a header line"), key.getMessage());
        ManPage.SourceError missing = assertThrows(ManPage.SourceError.class,
                () -> ManPage.toRoff("demo.1.md", "---\nname: demo\n---\n"));
        assertEquals("demo.1.md:3: the header lacks section", missing.getMessage());
        assertThrows(ManPage.SourceError.class, () -> ManPage.toRoff("demo.1.md", "# no header\n"));
    }

    @Test
    void theFileNameMustBeThePageName(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("other.1.md"), SOURCE);
        ManPage.SourceError e = assertThrows(ManPage.SourceError.class,
                () -> ManPages.write(tmp.resolve("out"), List.of(tmp.toString())));
        assertTrue(e.getMessage().endsWith("the header names the page demo.1, the file should be demo.1.md"),
                e.getMessage());
    }

    /** groff itself, asked for every warning, finds nothing to say about the page. */
    @Test
    void groffRendersThePageWithoutWarnings(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("demo.1.md"), SOURCE);
        List<Path> pages = ManPages.write(tmp.resolve("out"), List.of(tmp.toString()));
        assertEquals(List.of(tmp.resolve("out/demo.1")), pages);
        Process p;
        try {
            p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", pages.get(0).toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "groff is not installed");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", err);
        String plain = out.replaceAll(".\b", "");
        assertTrue(plain.contains("demo - show what the converter makes of each construct"), plain);
        assertTrue(plain.contains("-c, --configuration FILE"), plain);
        assertTrue(plain.contains("[program:x]"), plain);
    }
}
