package io.jsupervisor.config;

import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.ProcessGroupConfig.GroupType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The [fcgi-program:x] sections: a group each, with the socket its processes share. */
final class FcgiProgramSections {
    private static final Pattern TCP_SOCKET = Pattern.compile("tcp://([^\\s:]+):(\\d+)");

    private final ReadContext ctx;
    private final MachineLookups machine;
    private final ProgramSections programs;

    FcgiProgramSections(ReadContext ctx, ProgramSections programs) {
        this.ctx = ctx;
        this.machine = ctx.machine();
        this.programs = programs;
    }

    /** @param exclude the sections a [group:x] has taken in */
    List<ProcessGroupConfig> groups(Set<String> exclude) {
        List<ProcessGroupConfig> groups = new ArrayList<>();
        for (String section : ctx.parser().sections()) {
            if (section.startsWith("fcgi-program:") && !exclude.contains(section)) {
                groups.add(group(section));
            }
        }
        return groups;
    }

    private ProcessGroupConfig group(String section) {
        String name = ctx.nameAfterColon(section);
        int priority = ctx.option(section, "priority", "999", Datatypes::integer);
        String procUser = ctx.hereExpanded(section, "user");
        if (procUser != null) {
            try {
                machine.checkUser(procUser);
            } catch (PyValueError e) {
                throw new PyValueError(e.getMessage() + ctx.where(section));
            }
        }
        String backlogRaw = ctx.hereExpanded(section, "socket_backlog");
        int backlog = 0;
        if (backlogRaw != null) {
            backlog = ctx.conv(section, "socket_backlog", backlogRaw, Datatypes::integer, true);
            if (backlog < 1 || backlog > 65535) {
                throw new PyValueError("Invalid socket_backlog value " + backlog + ctx.where(section));
            }
        }
        String socketOwner = ctx.hereExpanded(section, "socket_owner");
        if (socketOwner != null && !machine.userGroupValid(socketOwner)) {
            throw new PyValueError("Invalid socket_owner value " + socketOwner + ctx.where(section));
        }
        String modeRaw = ctx.hereExpanded(section, "socket_mode");
        Integer socketMode = null;
        if (modeRaw != null) {
            try {
                socketMode = Datatypes.octal(modeRaw);
            } catch (PyValueError e) {
                throw new PyValueError("Invalid socket_mode value " + modeRaw + ctx.where(section));
            }
        }
        Map<String, Object> socketExpansions = new LinkedHashMap<>();
        socketExpansions.put("program_name", name);
        socketExpansions.put("here", ctx.here());
        String socket = ctx.saneget(section, "socket", socketExpansions, true);
        if (socket == null || socket.isEmpty()) {
            throw new PyValueError("[" + section + "] section requires a \"socket\" line" + ctx.inFile(section));
        }
        String url;
        try {
            if (socket.startsWith("unix://")) {
                url = unixSocketUrl(socket.substring(7));
                if (socketMode == null) {
                    socketMode = 0700;
                }
            } else {
                if (socketOwner != null || socketMode != null) {
                    throw new PyValueError("socket_owner and socket_mode params should only be used with a Unix domain socket");
                }
                url = tcpSocketUrl(socket);
            }
        } catch (PyValueError e) {
            throw new PyValueError(e.getMessage() + " in [" + section + "] socket" + ctx.inFile(section));
        }
        return new ProcessGroupConfig(name, GroupType.FCGI_PROGRAM, priority, false,
                programs.processes(section, name), null,
                new ProcessGroupConfig.FcgiSocketSettings(url, backlog, socketMode, socketOwner));
    }

    private String unixSocketUrl(String path) {
        if (!path.startsWith("/")) {
            throw new PyValueError("('Unix socket path %s is not an absolute path', " + Py.repr(path) + ")");
        }
        return "unix://" + machine.normalizePath(path);
    }

    private static String tcpSocketUrl(String socket) {
        Matcher m = TCP_SOCKET.matcher(socket);
        if (!m.matches()) {
            throw new PyValueError("('Bad socket format %s', " + Py.repr(socket) + ")");
        }
        int port = Datatypes.portNumber(m.group(2));
        return "tcp://" + m.group(1).toLowerCase(Locale.ROOT) + ":" + port;
    }
}
