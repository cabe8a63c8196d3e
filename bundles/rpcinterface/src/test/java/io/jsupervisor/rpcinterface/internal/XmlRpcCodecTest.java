package io.jsupervisor.rpcinterface.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlRpcCodecTest {
    private final XmlRpcCodec codec = new XmlRpcCodec();

    private XmlRpcCodec.Call parse(String s) throws Exception {
        return codec.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatPythonsXmlrpcClientSends() throws Exception {
        XmlRpcCodec.Call c = parse("<?xml version='1.0'?>\n<methodCall>\n<methodName>ns.m</methodName>\n<params>\n"
                + "<param>\n<value><int>7</int></value>\n</param>\n<param>\n<value><string>a&amp;b</string></value>\n"
                + "</param>\n<param>\n<value><boolean>1</boolean></value>\n</param>\n<param>\n<value><array><data>\n"
                + "<value><i4>1</i4></value>\n<value>bare</value>\n</data></array></value>\n</param>\n<param>\n"
                + "<value><struct>\n<member>\n<name>k</name>\n<value><double>1.5</double></value>\n</member>\n"
                + "</struct></value>\n</param>\n<param>\n<value><base64>\naGk=\n</base64></value>\n</param>\n"
                + "</params>\n</methodCall>\n");
        assertEquals("ns.m", c.method());
        assertEquals(7, c.params().get(0));
        assertEquals("a&b", c.params().get(1));
        assertEquals(true, c.params().get(2));
        assertEquals(List.of(1, "bare"), c.params().get(3));
        assertEquals(Map.of("k", 1.5), c.params().get(4));
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), (byte[]) c.params().get(5));
        assertEquals(List.of(), parse("<methodCall><methodName>a.b</methodName></methodCall>").params());
    }

    @Test
    void refusesDoctypesEntitiesExtensionsAndGarbage() {
        for (String bad : List.of(
                "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                        + "<methodCall><methodName>&e;</methodName></methodCall>",
                "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]>"
                        + "<methodCall><methodName>&b;</methodName></methodCall>",
                "<methodCall xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'><methodName>a.b</methodName>"
                        + "<params><param><value><ex:serializable>rO0ABXQAA2FiYw==</ex:serializable></value></param>"
                        + "</params></methodCall>",
                "<methodCall xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'><methodName>a.b</methodName>"
                        + "<params><param><value><ex:i8>1</ex:i8></value></param></params></methodCall>",
                "<methodCall><methodName>a.b</methodName><params><param><value><nil/></value></param></params>"
                        + "</methodCall>",
                "<methodCall><methodName>a.b</methodName><params><param><value><i8>1</i8></value></param></params>"
                        + "</methodCall>",
                "<methodCall><methodName></methodName></methodCall>",
                // an empty date, also inside an array and a struct: the reference answers 400
                "<methodCall><methodName>a.b</methodName><params><param><value><dateTime.iso8601/></value>"
                        + "</param></params></methodCall>",
                "<methodCall><methodName>a.b</methodName><params><param><value><array><data><value>"
                        + "<dateTime.iso8601></dateTime.iso8601></value></data></array></value></param></params>"
                        + "</methodCall>",
                "<methodCall><methodName>a.b</methodName><params><param><value><struct><member><name>k</name>"
                        + "<value><dateTime.iso8601/></value></member></struct></value></param></params></methodCall>",
                "<methodCall></methodCall>",
                "garbage", "", "<methodCall><methodName>a.b</methodName>")) {
            assertThrows(XmlRpcCodec.Malformed.class, () -> parse(bad), bad);
        }
    }

    @Test
    void writesOnlyStandardTypes() {
        String ok = new String(codec.response(Map.of("pid", 12L, "list", List.of(1.5f, 'c'))), StandardCharsets.UTF_8);
        assertTrue(ok.contains("<i4>12</i4>"), ok);
        assertTrue(ok.contains("<double>1.5</double>"), ok);
        assertFalse(ok.contains("i8") || ok.contains("ex:"), ok);
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> codec.response(1L << 40));
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> codec.response(null));
        assertThrows(XmlRpcCodec.Unrepresentable.class, () -> codec.response(List.of(new Object())));
        String f = new String(codec.fault(10, "BAD_NAME: x"), StandardCharsets.UTF_8);
        assertTrue(f.contains("<fault>") && f.contains("<i4>10</i4>") && f.contains("BAD_NAME: x"), f);
        assertFalse(f.contains("faultCause"), f);
    }

    static String nested(String method, int depth) {
        return "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params><param>"
                + "<value><array><data>".repeat(depth) + "<value><int>1</int></value>"
                + "</data></array></value>".repeat(depth) + "</param></params></methodCall>";
    }

    /** On the daemon's 256 KiB thread stacks, a few hundred levels used to overflow the parser. */
    @Test
    void refusesDeepNestingWithoutOverflowingASmallStack() throws Exception {
        Object[] outcome = new Object[3];
        Thread t = new Thread(null, () -> {
            for (int i = 0; i < 3; i++) {
                int depth = new int[] {XmlRpcCodec.MAX_VALUE_DEPTH, 250, 100_000}[i];
                try {
                    outcome[i] = parse(nested("supervisor.getState", depth)).params().size();
                } catch (Throwable e) {
                    outcome[i] = e;
                }
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertEquals(1, outcome[0], "the deepest accepted nesting parses: " + outcome[0]);
        assertTrue(outcome[1] instanceof XmlRpcCodec.TooDeep, "250 levels: " + outcome[1]);
        assertTrue(outcome[2] instanceof XmlRpcCodec.TooDeep, "100k levels: " + outcome[2]);
    }
}
