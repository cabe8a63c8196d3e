package io.jsupervisor.pycompat;

import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Python's type names for the values an XML-RPC request decodes to, as the reference's error
 * messages print them ({@code 'int' object has no attribute 'split'}).
 */
public final class PyTypes {

    private PyTypes() {
    }

    /**
     * {@code type(v).__name__} of the value the reference would hold: Java's XML-RPC types map to
     * bool, int, float, list, dict and datetime.datetime; strings and base64 (which the reference
     * decodes to a str) to str; {@code null} to NoneType.
     */
    public static String nameOf(Object v) {
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Integer || v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof Date) {
            return "datetime.datetime";
        }
        return v == null ? "NoneType" : "str";
    }
}
