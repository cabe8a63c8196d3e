package io.jsupervisor.rpcinterface.internal.supervisor;

import static io.jsupervisor.rpcinterface.internal.supervisor.PyValues.namespec;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.SupervisorException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** Process names as callers write them ({@code name}, {@code group:name}, {@code group:*}). */
final class Namespecs {
    private Namespecs() {}

    /**
     * The reference's split_namespec: {@code group:name} is (group, name); {@code group:*} and
     * {@code group:} are (group, null), the whole group; a bare {@code name} is (name, name).
     */
    static String[] split(String namespec) {
        int colon = namespec.indexOf(':');
        if (colon < 0) {
            return new String[] {namespec, namespec};
        }
        String group = namespec.substring(0, colon);
        String process = namespec.substring(colon + 1);
        if (process.isEmpty() || process.equals("*")) {
            process = null;
        }
        return new String[] {group, process};
    }

    /** Whether the namespec names a whole group ({@code group:*} or {@code group:}). */
    static boolean isGroup(String namespec) {
        return split(namespec)[1] == null;
    }

    /** A namespec that must name one process: {@code group:*} is BAD_NAME with the name given. */
    static String processName(Object value) {
        String name = namespec(value);
        if (isGroup(name)) {
            throw new SupervisorException(Fault.BAD_NAME, name);
        }
        return name;
    }

    /** A group call made for a {@code group:*} name: BAD_NAME names what the caller wrote. */
    static CompletionStage<Object> groupCall(String name, Supplier<CompletionStage<Object>> call) {
        Function<Throwable, Throwable> rename = e -> {
            if (e instanceof SupervisorException && ((SupervisorException) e).fault() == Fault.BAD_NAME) {
                return new SupervisorException(Fault.BAD_NAME, name);
            }
            return e;
        };
        CompletionStage<Object> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            throw (RuntimeException) rename.apply(e);
        }
        return Stages.map(stage, v -> v, rename);
    }
}
