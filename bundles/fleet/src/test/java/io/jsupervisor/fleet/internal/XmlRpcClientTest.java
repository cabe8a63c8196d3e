package io.jsupervisor.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlRpcClientTest {
    private static Object parse(String xml) throws IOException {
        return XmlRpcClient.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheAnswersOfGetAllProcessInfo() throws Exception {
        Object v = parse("<?xml version='1.0'?><methodResponse><params><param><value><array><data>"
                + "<value><struct><member><name>name</name><value><string>web</string></value></member>"
                + "<member><name>pid</name><value><int>42</int></value></member>"
                + "<member><name>x</name><value>bare</value></member></struct></value>"
                + "</data></array></value></param></params></methodResponse>");
        assertEquals(List.of(Map.of("name", "web", "pid", 42, "x", "bare")), v);
        assertEquals(true, parse("<methodResponse><params><param><value><boolean>1</boolean></value></param>"
                + "</params></methodResponse>"));
    }

    @Test
    void aFaultKeepsItsCode() {
        XmlRpcClient.Fault f = assertThrows(XmlRpcClient.Fault.class, () -> parse("<methodResponse><fault><value>"
                + "<struct><member><name>faultCode</name><value><int>70</int></value></member>"
                + "<member><name>faultString</name><value><string>NOT_RUNNING: web</string></value></member>"
                + "</struct></value></fault></methodResponse>"));
        assertEquals(70, f.code);
        assertEquals("NOT_RUNNING: web", f.getMessage());
    }

    @Test
    void aDoctypeIsRefused() {
        assertThrows(IOException.class, () -> parse("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "'file:///etc/passwd'>]><methodResponse><params><param><value><string>&e;</string></value>"
                + "</param></params></methodResponse>"));
    }
}
