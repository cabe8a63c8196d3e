package io.jsupervisor.core.internal.engine;

import io.jsupervisor.api.config.ProcessConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.ResourceLimits;
import io.jsupervisor.core.internal.log.ActivityLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's part of the cgroup v2 hierarchy, for the programs with jsupervisor's cgroup
 * options: {@code <the daemon's cgroup>/jsupervisor-<daemon pid>/<group>.<process>}. Nothing is
 * read or created until a program asks for a cgroup, so a config without the options touches no
 * cgroup file at all.
 *
 * <p>cgroup v2 lets a cgroup enable controllers for its children only while it holds no process
 * itself (the root excepted). When limits need controllers and the daemon sits in a cgroup other
 * than the root, the daemon first moves itself into the leaf {@code <its cgroup>/supervisord},
 * then enables the controllers in its former cgroup and in {@code jsupervisor-<pid>}. Without
 * controllers (only {@code cgroup = true}) the daemon stays where it is.
 *
 * <p>Group creation (engine thread, or start-up) checks each program: what this machine cannot
 * give is refused with a message naming the program and what is missing, or, with
 * {@code cgroup_required = false}, said once at WARN and done without.
 */
final class Cgroups {
    /** Where the cgroup v2 hierarchy is and the daemon's cgroup in it, found once per JVM. */
    private static Location location;

    private final ActivityLog log;
    private final EventLoop loop;
    private final String daemonPid = Long.toString(ProcessHandle.current().pid());
    private final List<ProcessCgroup> handedOut = new ArrayList<>();
    private final Set<String> warned = new HashSet<>();
    private final Set<String> enabled = new HashSet<>();
    private Path base;

    Cgroups(ActivityLog log, EventLoop loop) {
        this.log = log;
        this.loop = loop;
    }

    /** The cgroup v2 mount and the daemon's cgroup directory in it, or why there is none. */
    record Location(Path mount, Path daemonDir, String missing) {}

    private static synchronized Location location() {
        if (location == null) {
            location = locate(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
        }
        return location;
    }

    /**
     * Finds the cgroup2 mount (mountinfo) and the daemon's path in it (the {@code 0::} line of
     * /proc/self/cgroup, relative to the root of that mount when it is not the hierarchy's).
     */
    static Location locate(Path mountinfo, Path selfCgroup) {
        try {
            String[] mount = null;
            for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
                String[] halves = line.split(" - ", 2);
                if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
                    mount = halves[0].split(" ");
                    break;
                }
            }
            String own = null;
            for (String line : Files.readAllLines(selfCgroup, StandardCharsets.UTF_8)) {
                if (line.startsWith("0::")) {
                    own = line.substring(3);
                }
            }
            if (mount == null || own == null) {
                return new Location(null, null, "none is mounted");
            }
            String root = unescape(mount[3]);
            if (!root.equals("/") && (own.equals(root) || own.startsWith(root + "/"))) {
                own = own.substring(root.length());
            }
            Path mountPoint = Path.of(unescape(mount[4]));
            return new Location(mountPoint, mountPoint.resolve(own.replaceFirst("^/+", "")), null);
        } catch (IOException e) {
            return new Location(null, null, "the daemon cannot read its mounts: " + Errnos.describe(e));
        }
    }

    /** mountinfo writes a space, tab, newline or backslash in a path as an octal escape. */
    private static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The cgroup of process {@code pc} of group {@code gc}, or null when its config asks for
     * none or may run without one this machine cannot give.
     *
     * @throws CgroupsUnavailableException what is missing, when the program requires it
     */
    ProcessCgroup forProcess(ProcessGroupConfig gc, ProcessConfig pc) throws CgroupsUnavailableException {
        ResourceLimits limits = pc.limits();
        if (!limits.cgroup()) {
            return null;
        }
        String program = gc.heterogeneous() ? "[group:" + gc.name() + "] " + pc.name()
                : "[" + gc.type().sectionPrefix() + ":" + gc.name() + "]";
        Map<String, String> files = new LinkedHashMap<>();
        String noCgroup = hierarchyProblem(program, limits);
        String noLimit = noCgroup == null ? controllerProblem(program, limits, files) : null;
        if (limits.required() && (noCgroup != null || noLimit != null)) {
            if (handedOut.isEmpty()) {
                removeBase();
            }
            throw new CgroupsUnavailableException(noCgroup != null
                    ? noCgroup + " (set cgroup_required = false to run without it)"
                    : noLimit + " (set cgroup_required = false to run without limits)");
        }
        if (noCgroup != null && warned.add(program)) {
            log.warn(noCgroup + "; running it without one (cgroup_required = false)");
        } else if (noLimit != null && warned.add(program)) {
            log.warn(noLimit + "; running it without limits (cgroup_required = false)");
        }
        if (noCgroup != null) {
            return null;
        }
        ProcessCgroup cgroup = new ProcessCgroup(base.resolve(gc.name() + "." + pc.name()), files, loop, log);
        handedOut.add(cgroup);
        return cgroup;
    }

    /** Why no cgroup can be made here at all (naming the first option that asked), or null. */
    private String hierarchyProblem(String program, ResourceLimits limits) {
        String option = limits.memoryMax() != null ? "memory_max" : limits.memoryHigh() != null ? "memory_high"
                : limits.cpuMax() != null ? "cpu_max" : limits.pidsMax() != null ? "pids_max" : "cgroup = true";
        Location where = location();
        if (where.missing() != null) {
            return program + " " + option + " needs a cgroup v2 hierarchy, but " + where.missing();
        }
        try {
            createBase(where);
            return null;
        } catch (IOException e) {
            return program + " " + option + " needs a cgroup of its own, but the daemon cannot create "
                    + where.daemonDir().resolve("jsupervisor-" + daemonPid) + ": " + Errnos.describe(e);
        }
    }

    private void createBase(Location where) throws IOException {
        if (base == null) {
            Path dir = where.daemonDir().resolve("jsupervisor-" + daemonPid);
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir);
            }
            base = dir;
        }
    }

    /**
     * Fills {@code files} with the interface files to write for each limit whose controller the
     * daemon's cgroup offers; returns why the first other one cannot be applied, or null.
     */
    private String controllerProblem(String program, ResourceLimits limits, Map<String, String> files) {
        Map<String, String[]> wanted = new LinkedHashMap<>();
        if (limits.memoryMax() != null) {
            wanted.put("memory_max", new String[] {"memory", "memory.max",
                ResourceLimits.fileValue(limits.memoryMax())});
        }
        if (limits.memoryHigh() != null) {
            wanted.put("memory_high", new String[] {"memory", "memory.high",
                ResourceLimits.fileValue(limits.memoryHigh())});
        }
        if (limits.cpuMax() != null) {
            wanted.put("cpu_max", new String[] {"cpu", "cpu.max", limits.cpuMax().fileValue()});
        }
        if (limits.pidsMax() != null) {
            wanted.put("pids_max", new String[] {"pids", "pids.max", ResourceLimits.fileValue(limits.pidsMax())});
        }
        String problem = null;
        for (Map.Entry<String, String[]> e : wanted.entrySet()) {
            String controller = e.getValue()[0];
            String why = enable(controller);
            if (why == null) {
                files.put(e.getValue()[1], e.getValue()[2]);
            } else if (problem == null) {
                problem = program + " " + e.getKey() + " needs the cgroup v2 " + controller + " controller, "
                        + why;
            }
        }
        return problem;
    }

    /** Enables {@code controller} for the process cgroups; returns why it cannot, or null. */
    private String enable(String controller) {
        if (enabled.contains(controller)) {
            return null;
        }
        Path daemonDir = location().daemonDir();
        try {
            String offered = " " + Files.readString(daemonDir.resolve("cgroup.controllers")).trim() + " ";
            if (!offered.contains(" " + controller + " ")) {
                return "which " + daemonDir + "/ does not offer";
            }
            boolean root = daemonDir.equals(location().mount());
            if (!root && !Files.readString(daemonDir.resolve("cgroup.procs")).isBlank()) {
                // the no-internal-process rule: out of the cgroup that is to distribute controllers
                Path leaf = daemonDir.resolve("supervisord");
                if (!Files.isDirectory(leaf)) {
                    Files.createDirectory(leaf);
                }
                Files.writeString(leaf.resolve("cgroup.procs"), daemonPid);
            }
            Files.writeString(daemonDir.resolve("cgroup.subtree_control"), "+" + controller);
            Files.writeString(base.resolve("cgroup.subtree_control"), "+" + controller);
            enabled.add(controller);
            return null;
        } catch (IOException e) {
            return "which the daemon cannot enable in " + daemonDir + "/: " + Errnos.describe(e);
        }
    }

    /**
     * At the daemon's exit (every process stopped): kills what is left in the process cgroups
     * (children of programs that exited on their own), removes them and the daemon's directory.
     */
    void close() {
        if (base == null) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessCgroup cgroup : handedOut) {
            cgroup.killAll();
        }
        for (ProcessCgroup cgroup : handedOut) {
            cgroup.removeAtExit(end);
        }
        removeBase();
    }

    private void removeBase() {
        try {
            Files.deleteIfExists(base);
        } catch (IOException e) {
            log.warn("could not remove cgroup " + base + ": " + Errnos.describe(e));
        }
        base = null;
    }
}
