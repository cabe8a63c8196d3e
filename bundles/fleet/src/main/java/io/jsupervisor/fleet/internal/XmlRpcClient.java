package io.jsupervisor.fleet.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Calls a peer's {@code /RPC2}, so the fleet works with any Supervisor-compatible daemon: ours,
 * or the reference. Only what the fleet needs: string and boolean parameters; answers of
 * string, int, boolean, array and struct. The answer's parser refuses any DOCTYPE, so a peer
 * cannot make us read files or expand entities.
 */
final class XmlRpcClient {
    /** A fault the peer answered, with its code (e.g. 70, NOT_RUNNING). */
    static final class Fault extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        Fault(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final HttpClient http;
    private final PeerAddress peer;
    private final Duration timeout;

    XmlRpcClient(HttpClient http, PeerAddress peer, Duration timeout) {
        this.http = http;
        this.peer = peer;
        this.timeout = timeout;
    }

    Object call(String method, Object... params) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
                .append(escape(method)).append("</methodName><params>");
        for (Object p : params) {
            body.append("<param><value>");
            if (p instanceof Boolean b) {
                body.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
            } else {
                body.append("<string>").append(escape(String.valueOf(p))).append("</string>");
            }
            body.append("</value></param>");
        }
        body.append("</params></methodCall>");
        HttpRequest.Builder req = HttpRequest.newBuilder(peer.resolve("/RPC2")).timeout(timeout)
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (peer.authorization() != null) {
            req.header("Authorization", peer.authorization());
        }
        HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + peer.display() + "/RPC2");
        }
        return parse(r.body());
    }

    static Object parse(byte[] xml) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not an XML-RPC answer: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        Element fault = child(root, "fault");
        if (fault != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) value(child(fault, "value"));
            Object code = f.get("faultCode");
            throw new Fault(code instanceof Integer i ? i : 0, String.valueOf(f.get("faultString")));
        }
        Element param = child(child(root, "params"), "param");
        if (param == null) {
            throw new IOException("an XML-RPC answer without a value");
        }
        return value(child(param, "value"));
    }

    private static Object value(Element value) throws IOException {
        if (value == null) {
            throw new IOException("an XML-RPC value is missing");
        }
        Element typed = firstElement(value);
        if (typed == null) {
            return value.getTextContent(); // a bare <value>text</value> is a string
        }
        String text = typed.getTextContent();
        switch (typed.getTagName()) {
            case "string":
                return text;
            case "int":
            case "i4":
                return Integer.parseInt(text.trim());
            case "boolean":
                return text.trim().equals("1");
            case "double":
                return Double.parseDouble(text.trim());
            case "array": {
                List<Object> out = new ArrayList<>();
                for (Node n = child(typed, "data").getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e && e.getTagName().equals("value")) {
                        out.add(value(e));
                    }
                }
                return out;
            }
            case "struct": {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Node n = typed.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element m && m.getTagName().equals("member")) {
                        out.put(child(m, "name").getTextContent(), value(child(m, "value")));
                    }
                }
                return out;
            }
            default:
                return text;
        }
    }

    private static Element child(Element parent, String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
