package io.jsupervisor.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureFilterTest {
    private final StringBuilder normal = new StringBuilder();
    private final List<String> captured = new ArrayList<>();
    private final CaptureFilter.Sink sink = new CaptureFilter.Sink() {
        @Override
        public void normal(byte[] data) {
            normal.append(new String(data, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void inCapture(byte[] data) {
        }

        @Override
        public void captured(byte[] data) {
            captured.add(new String(data, StandardCharsets.ISO_8859_1));
        }
    };

    private void feed(CaptureFilter f, String... chunks) {
        for (String c : chunks) {
            byte[] b = c.getBytes(StandardCharsets.ISO_8859_1);
            f.feed(b, 0, b.length, sink);
        }
    }

    @Test
    void tokensSplitAcrossReadsAreFound() {
        CaptureFilter f = new CaptureFilter(1 << 20);
        feed(f, "a <!--XSUPER", "VISOR:BEGIN-->one", " two<!--XSUPERVISOR:E", "ND--> b\n");
        assertEquals("a  b\n", normal.toString());
        assertEquals(List.of("one two"), captured);
    }

    @Test
    void aShortLineIsNotHeldBackAndAFalseStartIsReleased() {
        CaptureFilter f = new CaptureFilter(1 << 20);
        feed(f, "hi\n");
        assertEquals("hi\n", normal.toString());
        feed(f, "x <!--XS");
        assertEquals("hi\nx ", normal.toString());
        feed(f, "ay\n");
        assertEquals("hi\nx <!--XSay\n", normal.toString());
        feed(f, "<!--XSUPERVISOR:BEGIN-->1<!--XSUPERVISOR:END--><!--XSUPERVISOR:BEGIN-->2<!--XSUPERVISOR:END-->");
        assertEquals(List.of("1", "2"), captured);
    }

    @Test
    void theCaptureBufferDropsFromItsFrontAsTheReferenceDoes() {
        CaptureFilter f = new CaptureFilter(10);
        feed(f, "<!--XSUPERVISOR:BEGIN-->", "123456", "789012", "<!--XSUPERVISOR:END-->");
        assertEquals(List.of("789012"), captured);
    }

    @Test
    void whatWaitedForATokenIsFlushedAtTheEnd() {
        CaptureFilter f = new CaptureFilter(100);
        feed(f, "tail <!--XSUPERVISOR:BEG");
        f.flush(sink);
        assertEquals("tail <!--XSUPERVISOR:BEG", normal.toString());
    }
}
