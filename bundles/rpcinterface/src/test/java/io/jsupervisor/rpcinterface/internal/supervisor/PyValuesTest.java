package io.jsupervisor.rpcinterface.internal.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Python's int(), repr() and truthiness as the reference applies them, checked against python3. */
class PyValuesTest {

    /** Runs python3 on each input (base64 lines) through {@code expr} (a lambda source) and answers its lines. */
    static List<String> python(String expr, List<String> inputs) throws Exception {
        String script = "import sys, base64\nf = " + expr + "\nfor line in sys.stdin:\n"
                + "    s = base64.b64decode(line.strip()).decode('utf-8')\n"
                + "    try:\n        r = f(s)\n    except (ValueError, OverflowError) as e:\n        r = 'ERR'\n"
                + "    print(base64.b64encode(str(r).encode('utf-8')).decode())\n";
        Process p = new ProcessBuilder(LogFilesTest.PYTHON.toString(), "-c", script)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StringBuilder in = new StringBuilder();
        for (String s : inputs) {
            in.append(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isEmpty()) {
                lines.add(new String(Base64.getDecoder().decode(l), StandardCharsets.UTF_8));
            }
        }
        assertEquals(inputs.size(), lines.size(), out);
        return lines;
    }

    @Test
    void intOfStringsLikePython() throws Exception {
        assumeTrue(LogFilesTest.referenceInstalled());
        List<String> inputs = List.of("0", "12", " 12 ", "\t-7\n", "+3", "1_000", "1__0", "_1", "1_", "abc", "",
                " ", "1.5", "0x10", "٣", "- 1", "-9223372036854775808", "00012", "1e3");
        List<String> expected = python("lambda s: int(s)", inputs);
        for (int i = 0; i < inputs.size(); i++) {
            String ours;
            try {
                ours = Long.toString(PyValues.pyInt(inputs.get(i)));
            } catch (PyValues.IntValueError e) {
                ours = "ERR";
            }
            assertEquals(expected.get(i), ours, "int(" + PyValues.repr(inputs.get(i)) + ")");
        }
        // beyond a long we stop (an HTTP 500); the reference's readFile fails there too (seek)
        assertThrows(PyValues.IntValueError.class, () -> PyValues.pyInt("99999999999999999999"));
    }

    @Test
    void floatReprLikePython() throws Exception {
        assumeTrue(LogFilesTest.referenceInstalled());
        double[] values = {0.0, -0.0, 1.0, 1.5, -2.25, 0.1, 1e-4, 1e-5, 1.5e-7, 123456789.0, 1e15, 1e16, 1.2345e16,
            1e22, 3.141592653589793, 1e300, 2.5e-300, 100.0, 0.001};
        List<String> inputs = new ArrayList<>();
        for (double d : values) {
            inputs.add(Double.toString(d));
        }
        List<String> expected = python("lambda s: repr(float(s))", inputs);
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected.get(i), PyValues.floatRepr(values[i]), inputs.get(i));
        }
    }

    @Test
    void stringReprLikePython() throws Exception {
        assumeTrue(LogFilesTest.referenceInstalled());
        List<String> inputs = List.of("plain", "it's", "say \"hi\"", "both ' and \"", "tab\tnew\nline\r", "\u0001\u007f",
                "é€😀", "\u00a0nbsp", "\u200bzw", "back\\slash");
        List<String> expected = python("lambda s: repr(s)", inputs);
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(expected.get(i), PyValues.repr(inputs.get(i)));
        }
    }

    @Test
    void intOfOtherValues() throws Exception {
        assertEquals(1, PyValues.pyInt(true));
        assertEquals(0, PyValues.pyInt(false));
        assertEquals(2, PyValues.pyInt(2.9));
        assertEquals(-2, PyValues.pyInt(-2.9));
        assertEquals(5, PyValues.pyInt("5".getBytes(StandardCharsets.UTF_8)));
        assertThrows(PyValues.IntValueError.class, () -> PyValues.pyInt(Double.NaN));
        assertThrows(PyValues.IntValueError.class, () -> PyValues.pyInt(Double.POSITIVE_INFINITY));
        for (Object typeError : new Object[] {List.of(), Map.of(), new Date()}) {
            SupervisorException e = assertThrows(SupervisorException.class, () -> PyValues.pyInt(typeError));
            assertEquals(Fault.INCORRECT_PARAMETERS, e.fault());
        }
    }

    @Test
    void truthinessAndStr() {
        assertEquals(false, PyValues.truthy(0));
        assertEquals(false, PyValues.truthy(""));
        assertEquals(false, PyValues.truthy(0.0));
        assertEquals(false, PyValues.truthy(List.of()));
        assertEquals(false, PyValues.truthy(new byte[0]));
        assertEquals(true, PyValues.truthy("false"));
        assertEquals(true, PyValues.truthy(new Date()));
        assertEquals(true, PyValues.truthy(Map.of("a", 1)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", List.of(1, "x", true, 2.5));
        assertEquals("{'k': [1, 'x', True, 2.5]}", PyValues.str(m));
        assertEquals("None", PyValues.repr(null));
    }
}
