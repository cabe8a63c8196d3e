package io.jsupervisor.platform.supervisorctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny pull parser for XML-RPC responses: elements, text, the five entities, char refs. */
final class XmlRpcResponseParser {
    private final String s;
    private int pos;

    XmlRpcResponseParser(String s) {
        this.s = s;
    }

    Object methodResponse() throws IOException, RpcClient.Fault {
        skipProlog();
        expectOpen("methodResponse");
        String tag = nextOpen();
        if (tag.equals("fault")) {
            Object v = value();
            if (v instanceof Map<?, ?> m) {
                Object code = m.get("faultCode");
                Object str = m.get("faultString");
                throw new RpcClient.Fault(code instanceof Integer i ? i : 0, String.valueOf(str));
            }
            throw new IOException("bad fault");
        }
        if (!tag.equals("params")) {
            throw new IOException("unexpected <" + tag + ">");
        }
        expectOpen("param");
        return value();
    }

    private void skipProlog() throws IOException {
        while (true) {
            skipWs();
            if (s.startsWith("<?", pos)) {
                int e = s.indexOf("?>", pos);
                if (e < 0) {
                    throw new IOException("bad XML declaration");
                }
                pos = e + 2;
            } else if (s.startsWith("<!--", pos)) {
                int e = s.indexOf("-->", pos);
                if (e < 0) {
                    throw new IOException("bad comment");
                }
                pos = e + 3;
            } else if (s.startsWith("<!", pos)) {
                throw new IOException("DTDs are not accepted");
            } else {
                return;
            }
        }
    }

    private void skipWs() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    /** Reads the next start tag (skipping whitespace), returning its name; self-closing gets a '/' suffix. */
    private String nextOpen() throws IOException {
        skipWs();
        if (pos >= s.length() || s.charAt(pos) != '<' || s.startsWith("</", pos)) {
            throw new IOException("expected a start tag at " + pos);
        }
        if (s.startsWith("<!", pos) || s.startsWith("<?", pos)) {
            throw new IOException("markup declarations are not accepted");
        }
        int e = s.indexOf('>', pos);
        if (e < 0) {
            throw new IOException("unterminated tag");
        }
        String tag = s.substring(pos + 1, e).trim();
        pos = e + 1;
        boolean selfClosing = tag.endsWith("/");
        if (selfClosing) {
            tag = tag.substring(0, tag.length() - 1).trim();
        }
        int sp = indexOfWs(tag);
        if (sp >= 0) {
            tag = tag.substring(0, sp);
        }
        return selfClosing ? tag + "/" : tag;
    }

    private static int indexOfWs(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private void expectOpen(String name) throws IOException {
        String t = nextOpen();
        if (!t.equals(name)) {
            throw new IOException("expected <" + name + "> got <" + t + ">");
        }
    }

    private void expectClose(String name) throws IOException {
        skipWs();
        String want = "</" + name;
        if (!s.startsWith(want, pos)) {
            throw new IOException("expected </" + name + "> at " + pos);
        }
        int e = s.indexOf('>', pos);
        if (e < 0) {
            throw new IOException("unterminated end tag");
        }
        pos = e + 1;
    }

    private boolean atClose(String name) {
        int save = pos;
        skipWs();
        boolean r = s.startsWith("</" + name, pos);
        pos = save;
        return r;
    }

    /** Text up to the next '<', with entities and character references resolved. */
    private String text() throws IOException {
        int e = s.indexOf('<', pos);
        if (e < 0) {
            throw new IOException("unterminated text");
        }
        String raw = s.substring(pos, e);
        pos = e;
        if (s.startsWith("<![CDATA[", pos)) {
            int ce = s.indexOf("]]>", pos);
            if (ce < 0) {
                throw new IOException("unterminated CDATA");
            }
            String cdata = s.substring(pos + 9, ce);
            pos = ce + 3;
            return unescape(raw) + cdata + text();
        }
        return unescape(raw);
    }

    private static String unescape(String raw) throws IOException {
        if (raw.indexOf('&') < 0) {
            return raw;
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '&') {
                b.append(c);
                continue;
            }
            int semi = raw.indexOf(';', i);
            if (semi < 0) {
                throw new IOException("bad entity");
            }
            String ent = raw.substring(i + 1, semi);
            switch (ent) {
                case "lt" -> b.append('<');
                case "gt" -> b.append('>');
                case "amp" -> b.append('&');
                case "quot" -> b.append('"');
                case "apos" -> b.append('\'');
                default -> {
                    try {
                        int cp;
                        if (ent.startsWith("#x") || ent.startsWith("#X")) {
                            cp = Integer.parseInt(ent.substring(2), 16);
                        } else if (ent.startsWith("#")) {
                            cp = Integer.parseInt(ent.substring(1));
                        } else {
                            throw new IOException("undefined entity &" + ent + ";");
                        }
                        b.appendCodePoint(cp);
                    } catch (IllegalArgumentException e) {
                        throw new IOException("bad character reference");
                    }
                }
            }
            i = semi;
        }
        return b.toString();
    }

    Object value() throws IOException {
        String t = nextOpen();
        if (t.equals("value/")) {
            return "";
        }
        if (!t.equals("value")) {
            throw new IOException("expected <value> got <" + t + ">");
        }
        // untyped value: text directly inside <value>
        int save = pos;
        String txt = text();
        if (s.startsWith("</value", pos)) {
            expectClose("value");
            return txt;
        }
        if (!txt.isBlank()) {
            throw new IOException("mixed content in <value>");
        }
        pos = save;
        String type = nextOpen();
        Object v;
        if (type.endsWith("/")) {
            String bare = type.substring(0, type.length() - 1);
            v = switch (bare) {
                case "string" -> "";
                case "nil" -> null;
                case "array" -> new ArrayList<>();
                case "struct" -> new LinkedHashMap<>();
                default -> throw new IOException("unknown type <" + bare + "/>");
            };
            expectClose("value");
            return v;
        }
        switch (type) {
            case "string" -> v = text();
            case "int", "i4", "i8" -> v = parseInt(text().trim());
            case "boolean" -> v = text().trim().equals("1");
            case "double" -> v = parseDouble(text().trim());
            case "dateTime.iso8601" -> v = text().trim();
            case "base64" -> v = parseBase64(text().trim());
            case "nil" -> v = null;
            case "array" -> {
                List<Object> l = new ArrayList<>();
                String d = nextOpen();
                if (!d.equals("data/")) {
                    if (!d.equals("data")) {
                        throw new IOException("expected <data>");
                    }
                    while (!atClose("data")) {
                        l.add(value());
                    }
                    expectClose("data");
                }
                v = l;
            }
            case "struct" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (!atClose("struct")) {
                    expectOpen("member");
                    expectOpen("name");
                    String name = text();
                    expectClose("name");
                    m.put(name, value());
                    expectClose("member");
                }
                v = m;
            }
            default -> throw new IOException("unknown type <" + type + ">");
        }
        expectClose(type);
        expectClose("value");
        return v;
    }

    private static String parseBase64(String t) throws IOException {
        try {
            return new String(Base64.getMimeDecoder().decode(t), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad base64: " + e.getMessage());
        }
    }

    private static double parseDouble(String t) throws IOException {
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IOException("bad double " + t);
        }
    }

    private static Object parseInt(String t) throws IOException {
        try {
            long l = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
            return l;
        } catch (NumberFormatException e) {
            throw new IOException("bad int " + t);
        }
    }
}
