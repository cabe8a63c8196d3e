package io.jsupervisor.config;

import static io.jsupervisor.config.ReadContext.or;

import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.ProcessGroupConfig.GroupType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The [eventlistener:x] sections: one pool (group) each. */
final class EventListenerSections {
    static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";

    private final ReadContext ctx;
    private final ProgramSections programs;

    EventListenerSections(ReadContext ctx, ProgramSections programs) {
        this.ctx = ctx;
        this.programs = programs;
    }

    List<ProcessGroupConfig> pools() {
        List<ProcessGroupConfig> pools = new ArrayList<>();
        for (String section : ctx.parser().sections()) {
            if (section.startsWith("eventlistener:")) {
                pools.add(pool(section));
            }
        }
        return pools;
    }

    private ProcessGroupConfig pool(String section) {
        String poolName = section.substring(section.indexOf(':') + 1);
        int priority = ctx.option(section, "priority", "-1", Datatypes::integer);
        int bufferSize = ctx.option(section, "buffer_size", "10", Datatypes::integer);
        if (bufferSize < 1) {
            throw new PyValueError("[" + section + "] section sets invalid buffer_size (" + bufferSize + ")"
                    + ctx.inFile(section));
        }
        // the handler is recorded, not imported: the event-listener bundle resolves it
        String resultHandler = or(ctx.hereExpanded(section, "result_handler"), DEFAULT_RESULT_HANDLER);
        Set<String> events = new LinkedHashSet<>();
        for (String e : Datatypes.listOfStrings(or(ctx.hereExpanded(section, "events"), ""))) {
            events.add(e.toUpperCase(Locale.ROOT));
        }
        if (events.isEmpty()) {
            throw new PyValueError("[" + section + "] section requires an \"events\" line" + ctx.inFile(section));
        }
        for (String e : events) {
            if (!Datatypes.EVENT_TYPES.contains(e)) {
                throw new PyValueError("Unknown event type " + e + " in [" + section + "] events"
                        + ctx.inFile(section));
            }
        }
        boolean redirect = ctx.option(section, "redirect_stderr", "false", Datatypes::bool);
        if (redirect) {
            throw new PyValueError("[" + section + "] section sets redirect_stderr=true "
                    + "but this is not allowed because it will interfere "
                    + "with the eventlistener protocol" + ctx.inFile(section));
        }
        return new ProcessGroupConfig(poolName, GroupType.EVENTLISTENER, priority, false,
                programs.processes(section, poolName),
                new ProcessGroupConfig.EventListenerSettings(bufferSize, new TreeSet<>(events), resultHandler),
                null);
    }
}
