package io.jsupervisor.config;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.ProcessGroupConfig.GroupType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process groups: [group:x] sections and the [program:x] sections no group takes in, then the
 * event-listener pools and the fcgi-program groups, in the reference's order (which decides which
 * error a config with several gets).
 */
final class GroupSections {
    private final ReadContext ctx;
    private final ProgramSections programs;

    /** @param globalEnv [supervisord] environment=, under each process's own */
    GroupSections(ReadContext ctx, Map<String, String> globalEnv) {
        this.ctx = ctx;
        this.programs = new ProgramSections(ctx, globalEnv);
    }

    /** All groups, by priority then name. */
    List<ProcessGroupConfig> groups() {
        List<ProcessGroupConfig> groups = new ArrayList<>();
        List<String> all = ctx.parser().sections();
        Set<String> exclude = new LinkedHashSet<>();
        for (String section : all) {
            if (section.startsWith("group:")) {
                groups.add(group(section, all, exclude));
            }
        }
        for (String section : all) {
            if (section.startsWith("program:") && !exclude.contains(section)) {
                groups.add(program(section));
            }
        }
        groups.addAll(new EventListenerSections(ctx, programs).pools());
        groups.addAll(new FcgiProgramSections(ctx, programs).groups(exclude));
        groups.sort(Comparator.comparingInt(ProcessGroupConfig::priority).thenComparing(ProcessGroupConfig::name));
        return groups;
    }

    /** The section process {@code process} of group {@code group} was read from, or null. */
    String sectionOf(String group, String process) {
        return programs.sectionOf(group, process);
    }

    /** A [program:x] in no [group:x]: a group of its own. */
    private ProcessGroupConfig program(String section) {
        String name = ctx.nameAfterColon(section);
        int priority = ctx.option(section, "priority", "999", Datatypes::integer);
        return new ProcessGroupConfig(name, GroupType.PROGRAM, priority, false, programs.processes(section, name),
                null, null);
    }

    /** One [group:x]; adds the program sections it takes in to {@code exclude}. */
    private ProcessGroupConfig group(String groupSection, List<String> all, Set<String> exclude) {
        String groupName = ctx.nameAfterColon(groupSection);
        List<String> members = Datatypes.listOfStrings(ctx.hereExpanded(groupSection, "programs"));
        int priority = ctx.option(groupSection, "priority", "999", Datatypes::integer);
        List<ProcessConfig> procs = new ArrayList<>();
        // the reference names the last program section it looked at in its errors (it reuses the variable)
        String section = groupSection;
        for (String program : members) {
            String ps = "program:" + program;
            String fs = "fcgi-program:" + program;
            boolean hasP = all.contains(ps);
            boolean hasF = all.contains(fs);
            if (!hasP && !hasF) {
                throw new PyValueError("[" + section + "] names unknown program or fcgi-program " + program
                        + ctx.inFile(groupSection));
            }
            if (hasP && hasF) {
                throw new PyValueError("[" + section + "] name " + program
                        + " is ambiguous (exists as program and fcgi-program)" + ctx.inFile(groupSection));
            }
            section = hasP ? ps : fs;
            exclude.add(section);
            procs.addAll(programs.processes(section, groupName));
        }
        return new ProcessGroupConfig(groupName, GroupType.PROGRAM, priority, true, procs, null, null);
    }
}
