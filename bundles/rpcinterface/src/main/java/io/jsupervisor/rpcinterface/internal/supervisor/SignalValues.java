package io.jsupervisor.rpcinterface.internal.supervisor;

import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.normalise;

import io.jsupervisor.pycompat.PyTypes;
import java.math.BigDecimal;

/** The signal argument of the signal methods, read as the reference's signal_number reads it. */
final class SignalValues {
    private SignalValues() {}

    /**
     * The signal as text for the engine, or null when the reference's signal_number cannot use
     * the value: it tries {@code int(value)} (numbers, booleans and finite floats work) and then
     * {@code value.strip()}, which a list, struct or date does not have (NaN and infinity fail too).
     */
    static String signalText(Object value) {
        Object v = normalise(value);
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "1" : "0";
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double && Double.isFinite((Double) v)) {
            return new BigDecimal((Double) v).toBigInteger().toString();
        }
        return null;
    }

    /** How the reference fails (HTTP 500) on a value {@link #signalText} cannot use. */
    static PyValues.ReferenceCrash signalCrash(Object value) {
        Object v = normalise(value);
        if (v instanceof Double) {
            return new PyValues.ReferenceCrash("AttributeError: 'float' object has no attribute 'strip'");
        }
        return new PyValues.ReferenceCrash(
                "AttributeError: '" + PyTypes.nameOf(v) + "' object has no attribute 'strip'");
    }
}
