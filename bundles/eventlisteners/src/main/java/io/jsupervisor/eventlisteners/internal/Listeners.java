package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.ExtensionSection;

/** Builds the listener a {@code [jsupervisor.listener:x]} section describes. */
final class Listeners {
    static final String TYPES = "fatal-exit, memory-limit, http-check, alert-exec";

    private Listeners() {
    }

    /** @throws IllegalArgumentException for a bad section, saying what is wrong */
    static Listener create(ExtensionSection section, Control control) {
        if (section.name().isBlank()) {
            throw new IllegalArgumentException("the section needs a name: [jsupervisor.listener:<name>]");
        }
        Options o = new Options(section);
        String type = o.string("type", null);
        if (type == null) {
            throw new IllegalArgumentException("missing option type (one of " + TYPES + ")");
        }
        switch (type) {
            case "fatal-exit":
                return FatalExit.create(o, control);
            case "memory-limit":
                return MemoryLimit.create(o, control);
            case "http-check":
                return HttpCheck.create(o, control);
            case "alert-exec":
                return AlertExec.create(o, control);
            default:
                throw new IllegalArgumentException("unknown type '" + type + "' (one of " + TYPES + ")");
        }
    }
}
