package io.jsupervisor.rpcinterface.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes {@code methodResponse} documents straight into UTF-8 bytes. Apache XML-RPC's SAX-based
 * writer spent about 5 ms on a 500-process getAllProcessInfo answer (most of the daemon's time
 * per call); this writes the same document (same elements, {@code <i4>}, untagged strings,
 * {@code &lt; &gt; &amp;} escaping, control characters as they are, as Python's xmlrpc does) in
 * a fraction of that, and writes characters outside the BMP as UTF-8 where Apache's writer
 * produced surrogate character references that no XML parser accepts.
 *
 * <p>It takes the handlers' values as they are, converting while it writes: Long/Short/Byte/
 * BigInteger in int range as {@code <i4>} (beyond it {@link XmlRpcCodec.Unrepresentable}), Float
 * as double, any Collection or Object[] as an array, enums and chars as strings, Maps with String
 * keys as structs; null and anything else are Unrepresentable. Nothing is copied into an
 * intermediate form first, and the document is built in a scratch buffer taken from a small
 * pool ({@link #KEEP_BUFFERS} of up to {@link #KEEP_BYTES}), so a 500-process getAllProcessInfo
 * leaves about its own size in garbage, not four times that.
 */
final class XmlRpcResponseWriter {
    private static final byte[] HEAD = asciiBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse>");
    private static final byte[] PARAMS_OPEN = asciiBytes("<params><param>");
    private static final byte[] PARAMS_CLOSE = asciiBytes("</param></params></methodResponse>");
    private static final byte[] FAULT_OPEN = asciiBytes("<fault>");
    private static final byte[] FAULT_CLOSE = asciiBytes("</fault></methodResponse>");

    /** The largest scratch buffer kept for a next document. */
    static final int KEEP_BYTES = 2 << 20;
    /** How many scratch buffers are kept: a few, not one per HTTP thread (RSS). */
    static final int KEEP_BUFFERS = 2;
    private static final BlockingQueue<byte[]> SCRATCH = new ArrayBlockingQueue<>(KEEP_BUFFERS);

    private byte[] buf;
    private int len;
    /** The document so far when it has {@link FileText} values: byte[] pieces and FileTexts. */
    private List<Object> parts;

    private XmlRpcResponseWriter() {
        byte[] b = SCRATCH.poll();
        buf = b != null ? b : new byte[16384];
    }

    /** @throws XmlRpcCodec.Unrepresentable if the value has no XML-RPC form */
    static byte[] response(Object value) {
        XmlRpcResponseWriter w = new XmlRpcResponseWriter();
        w.raw(HEAD);
        w.raw(PARAMS_OPEN);
        w.value(value);
        w.raw(PARAMS_CLOSE);
        if (w.parts != null) {
            throw new IllegalStateException("a FileText value is sent with responseParts");
        }
        return w.bytes();
    }

    /**
     * The same document as {@link #response}, as pieces to send one after the other: byte[]
     * pieces and the {@link FileText} values (which the sender streams as escaped text). A value
     * without FileTexts is one byte[] piece.
     *
     * @throws XmlRpcCodec.Unrepresentable if the value has no XML-RPC form
     */
    static List<Object> responseParts(Object value) {
        XmlRpcResponseWriter w = new XmlRpcResponseWriter();
        w.raw(HEAD);
        w.raw(PARAMS_OPEN);
        w.value(value);
        w.raw(PARAMS_CLOSE);
        if (w.parts == null) {
            return List.of(w.bytes());
        }
        List<Object> out = w.parts;
        out.add(w.bytes());
        return out;
    }

    static byte[] fault(int code, String message) {
        XmlRpcResponseWriter w = new XmlRpcResponseWriter();
        w.raw(HEAD);
        w.raw(FAULT_OPEN);
        w.value(Map.of("faultCode", code));
        // rewritten in order (faultCode, faultString) without building an ordered map
        w.len -= "</struct></value>".length();
        w.ascii("<member><name>faultString</name>");
        w.value(message == null ? "" : message);
        w.ascii("</member></struct></value>");
        w.raw(FAULT_CLOSE);
        return w.bytes();
    }

    private void value(Object v) {
        ascii("<value>");
        if (v instanceof String s) {
            text(s);
        } else if (v instanceof FileText f) {
            if (parts == null) {
                parts = new ArrayList<>();
            }
            parts.add(Arrays.copyOf(buf, len));
            parts.add(f);
            len = 0;
        } else if (v instanceof Integer i) {
            integer(i);
        } else if (v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            long n;
            try {
                n = v instanceof BigInteger b ? b.longValueExact() : ((Number) v).longValue();
            } catch (ArithmeticException e) {
                throw new XmlRpcCodec.Unrepresentable("int exceeds XML-RPC limits");
            }
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw new XmlRpcCodec.Unrepresentable("int exceeds XML-RPC limits");
            }
            integer((int) n);
        } else if (v instanceof Boolean b) {
            ascii(b ? "<boolean>1</boolean>" : "<boolean>0</boolean>");
        } else if (v instanceof Double || v instanceof Float) {
            ascii("<double>");
            ascii(Double.toString(((Number) v).doubleValue()));
            ascii("</double>");
        } else if (v instanceof Character || v instanceof Enum<?>) {
            text(v.toString());
        } else if (v instanceof byte[] b) {
            ascii("<base64>");
            ascii(Base64.getEncoder().encodeToString(b));
            ascii("</base64>");
        } else if (v instanceof Date d) {
            ascii("<dateTime.iso8601>");
            ascii(new SimpleDateFormat("yyyyMMdd'T'HH:mm:ss", Locale.ROOT).format(d));
            ascii("</dateTime.iso8601>");
        } else if (v instanceof Map<?, ?> m) {
            ascii("<struct>");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new XmlRpcCodec.Unrepresentable("dictionary key must be string");
                }
                ascii("<member><name>");
                text(k);
                ascii("</name>");
                value(e.getValue());
                ascii("</member>");
            }
            ascii("</struct>");
        } else if (v instanceof Collection<?> c) {
            array(c);
        } else if (v instanceof Object[] a) {
            array(Arrays.asList(a));
        } else if (v == null) {
            throw new XmlRpcCodec.Unrepresentable("cannot marshal None unless allow_none is enabled");
        } else {
            throw new XmlRpcCodec.Unrepresentable("cannot marshal " + v.getClass().getName() + " objects");
        }
        ascii("</value>");
    }

    private void array(Collection<?> c) {
        if (c.isEmpty()) {
            ascii("<array><data/></array>");
        } else {
            ascii("<array><data>");
            for (Object o : c) {
                value(o);
            }
            ascii("</data></array>");
        }
    }

    private void integer(int i) {
        ascii("<i4>");
        ascii(Integer.toString(i));
        ascii("</i4>");
    }

    /** Character data: {@code & < >} escaped, everything else as UTF-8. */
    private void text(CharSequence s) {
        int n = s.length();
        ensure(n * 3 + 16);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '&') {
                    ascii("&amp;");
                } else if (c == '<') {
                    ascii("&lt;");
                } else if (c == '>') {
                    ascii("&gt;");
                } else {
                    ensure(1);
                    buf[len++] = (byte) c;
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xf0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                // a lone surrogate has no UTF-8 form: U+FFFD, as Java's own encoder writes '?'
                ensure(3);
                buf[len++] = (byte) 0xef;
                buf[len++] = (byte) 0xbf;
                buf[len++] = (byte) 0xbd;
            } else {
                ensure(3);
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    /**
     * {@code chars} as escaped UTF-8 character data (as a String value is written), into a
     * buffer of this class's pool that the caller hands back with {@link #release}.
     */
    static java.nio.ByteBuffer escaped(CharSequence chars) {
        XmlRpcResponseWriter w = new XmlRpcResponseWriter();
        w.text(chars);
        return java.nio.ByteBuffer.wrap(w.buf, 0, w.len);
    }

    /** Returns a buffer of {@link #escaped} to the pool. */
    static void release(java.nio.ByteBuffer b) {
        if (b.hasArray() && b.array().length <= KEEP_BYTES) {
            SCRATCH.offer(b.array());
        }
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private byte[] bytes() {
        byte[] out = Arrays.copyOf(buf, len);
        // the grown buffer serves a next document, if not too big and not one too many
        if (buf.length <= KEEP_BYTES) {
            SCRATCH.offer(buf); // refused when the pool is full
        }
        buf = null;
        return out;
    }

    private static byte[] asciiBytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
