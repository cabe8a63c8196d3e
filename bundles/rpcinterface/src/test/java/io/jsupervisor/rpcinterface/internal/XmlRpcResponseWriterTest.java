package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class XmlRpcResponseWriterTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse>";

    private static String response(Object v) {
        return new String(new XmlRpcCodec().response(v), StandardCharsets.UTF_8);
    }

    @Test
    void theDocumentApacheXmlRpcWrote() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a<b>&c\"'");
        m.put("i", 5);
        m.put("b", true);
        m.put("d", 1.5);
        m.put("bytes", new byte[] {1, 2, 3});
        m.put("l", List.of(1, "x", List.of()));
        m.put("empty", "");
        assertEquals(HEAD + "<params><param><value><struct>"
                + "<member><name>s</name><value>a&lt;b&gt;&amp;c\"'</value></member>"
                + "<member><name>i</name><value><i4>5</i4></value></member>"
                + "<member><name>b</name><value><boolean>1</boolean></value></member>"
                + "<member><name>d</name><value><double>1.5</double></value></member>"
                + "<member><name>bytes</name><value><base64>AQID</base64></value></member>"
                + "<member><name>l</name><value><array><data><value><i4>1</i4></value><value>x</value>"
                + "<value><array><data/></array></value></data></array></value></member>"
                + "<member><name>empty</name><value></value></member>"
                + "</struct></value></param></params></methodResponse>", response(m));
        assertEquals(HEAD + "<fault><value><struct><member><name>faultCode</name><value><i4>10</i4></value></member>"
                + "<member><name>faultString</name><value>BAD_NAME: &lt;x&gt;</value></member></struct></value>"
                + "</fault></methodResponse>",
                new String(new XmlRpcCodec().fault(10, "BAD_NAME: <x>"), StandardCharsets.UTF_8));
    }

    @Test
    void textOutsideTheBmpIsUtf8AndTheDocumentParses() throws Exception {
        String text = "caf\u00e9 \u4e2d \ud83d\ude00 ]]>";
        byte[] doc = new XmlRpcCodec().response(text);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(doc));
        assertEquals(text, d.getElementsByTagName("value").item(0).getTextContent());
        assertEquals("\ufffd", new String(XmlRpcResponseWriter.response("\ud800"), StandardCharsets.UTF_8)
                .replaceAll(".*<value>(.*)</value>.*", "$1"));
    }

    @Test
    void nothingElseIsWritten() {
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> XmlRpcResponseWriter.response(new Object()));
    }
}
