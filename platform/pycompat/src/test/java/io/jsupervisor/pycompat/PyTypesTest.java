package io.jsupervisor.pycompat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyTypesTest {
    @Test
    void namesAsPythonPrintsThem() {
        assertEquals("bool", PyTypes.nameOf(true));
        assertEquals("int", PyTypes.nameOf(3));
        assertEquals("int", PyTypes.nameOf(3L));
        assertEquals("float", PyTypes.nameOf(1.5));
        assertEquals("list", PyTypes.nameOf(List.of()));
        assertEquals("dict", PyTypes.nameOf(Map.of()));
        assertEquals("datetime.datetime", PyTypes.nameOf(new Date(0)));
        assertEquals("str", PyTypes.nameOf("x"));
        assertEquals("str", PyTypes.nameOf(new byte[] {'x'}));
        assertEquals("NoneType", PyTypes.nameOf(null));
    }
}
