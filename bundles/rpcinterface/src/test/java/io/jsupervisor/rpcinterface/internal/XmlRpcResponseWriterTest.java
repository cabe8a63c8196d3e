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
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> response(Map.of(1, "x")));
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> response(Integer.MAX_VALUE + 1L));
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> response(java.math.BigInteger.TEN.pow(20)));
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> response(java.util.Arrays.asList(1, null)));
    }

    enum Colour { RED }

    @Test
    void javaValuesAreWrittenAsTheirXmlRpcForm() {
        assertEquals(HEAD + "<params><param><value><array><data>"
                + "<value><i4>-2147483648</i4></value><value><i4>7</i4></value><value><i4>-3</i4></value>"
                + "<value><i4>12</i4></value><value><double>0.5</double></value><value>RED</value>"
                + "<value>c</value><value><array><data><value>x</value></data></array></value>"
                + "<value><array><data/></array></value>"
                + "</data></array></value></param></params></methodResponse>",
                response(List.of((long) Integer.MIN_VALUE, (short) 7, (byte) -3, java.math.BigInteger.valueOf(12),
                        0.5f, Colour.RED, 'c', new Object[] {"x"}, java.util.Set.of())));
    }

    @Test
    void aReusedScratchBufferCarriesNothingIntoTheNextDocument() {
        String big = "y".repeat(300_000);
        String first = response(List.of(big, big));
        assertEquals(HEAD + "<params><param><value><array><data><value>" + big + "</value><value>" + big
                + "</value></data></array></value></param></params></methodResponse>", first);
        assertEquals(HEAD + "<params><param><value><i4>1</i4></value></param></params></methodResponse>",
                response(1));
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> response(List.of(big, new Object())));
        assertEquals(HEAD + "<params><param><value>z</value></param></params></methodResponse>", response("z"));
    }
}
