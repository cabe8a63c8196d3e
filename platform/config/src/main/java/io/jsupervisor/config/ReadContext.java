package io.jsupervisor.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The state of one read that every section reader shares (what the reference keeps on its
 * ServerOptions while realizing): the parsed sections, the {@code %(ENV_x)s} expansions, the
 * messages for the log, and how an error names the section and file it came from.
 */
final class ReadContext {
    private final MachineLookups machine;
    private final String hostname;
    private final String configName;
    private final String here;
    private final IniParser parser = new IniParser();
    /** ENV_x for the process environment, later extended by [supervisord] environment=. */
    private final Map<String, Object> environExpansions = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    /** {@code [supervisord] container_mode}: the programs' logs default to the daemon's stdout/stderr. */
    private boolean containerMode;

    ReadContext(ConfigEnvironment environment, String configName) {
        this.machine = new MachineLookups(environment);
        this.hostname = environment.hostname();
        this.configName = configName;
        this.here = machine.abspath(Datatypes.dirname(configName));
        addEnvironment(environment.env());
    }

    MachineLookups machine() {
        return machine;
    }

    IniParser parser() {
        return parser;
    }

    String configName() {
        return configName;
    }

    /** {@code %(here)s}: the folder of the main config file. */
    String here() {
        return here;
    }

    void setContainerMode(boolean containerMode) {
        this.containerMode = containerMode;
    }

    boolean containerMode() {
        return containerMode;
    }

    List<String> warnings() {
        return warnings;
    }

    List<String> infos() {
        return infos;
    }

    /** Makes each variable available as {@code %(ENV_name)s} to what is read from now on. */
    void addEnvironment(Map<String, String> variables) {
        for (Map.Entry<String, String> e : variables.entrySet()) {
            environExpansions.put("ENV_" + e.getKey(), e.getValue());
        }
    }

    Map<String, Object> environExpansions() {
        return Collections.unmodifiableMap(environExpansions);
    }

    /** {@code here}, {@code host_node_name} and the ENV_x: what [include] files= and environment= see. */
    Map<String, Object> hereHostAndEnviron() {
        Map<String, Object> expansions = new LinkedHashMap<>();
        expansions.put("here", here);
        expansions.put("host_node_name", hostname);
        expansions.putAll(environExpansions);
        return expansions;
    }

    String hostname() {
        return hostname;
    }

    private String fileOf(String section) {
        String f = parser.fileOf(section);
        return f == null ? configName : f;
    }

    /** The directory of the file a section came from (an included file's own, for its sections). */
    String hereOf(String section) {
        Path parent = Path.of(fileOf(section)).toAbsolutePath().getParent();
        return parent == null ? here : parent.toString();
    }

    /** The suffix that names a section and its file in an error. */
    String where(String section) {
        return " in section " + Py.repr(section) + inFile(section);
    }

    /** The suffix that names a section's file in an error. */
    String inFile(String section) {
        return " (file: " + Py.repr(fileOf(section)) + ")";
    }

    /** supervisor's {@code saneget}: the raw value expanded with ENV_x plus {@code extra}; null when not set. */
    String saneget(String section, String option, Map<String, Object> extra, boolean expand) {
        String raw = parser.get(section, option);
        if (raw == null) {
            return null;
        }
        if (!expand) {
            return raw;
        }
        Map<String, Object> combined = new LinkedHashMap<>(environExpansions);
        combined.putAll(extra);
        return PyFormat.expand(raw, combined, section + "." + option);
    }

    /** An option of a section expanded with ENV_x and {@code %(here)s}, or null when it is not set. */
    String hereExpanded(String section, String option) {
        return saneget(section, option, Map.of("here", here), true);
    }

    /** A conversion; a failure names the option (and, when asked, section and file). */
    <T> T conv(String section, String option, String value, Function<String, T> f, boolean addWhere) {
        try {
            return f.apply(value);
        } catch (PyValueError e) {
            throw new PyValueError(e.getMessage() + " for option " + Py.repr(option)
                    + (addWhere ? where(section) : ""));
        }
    }

    /**
     * An option (ENV_x and here expanded) or {@code dflt}, converted by {@code type}; null when
     * both are. A failure names option, section and file.
     */
    <T> T option(String section, String option, String dflt, Function<String, T> type) {
        String raw = or(hereExpanded(section, option), dflt);
        return raw == null ? null : conv(section, option, raw, type, true);
    }

    /**
     * The name after the colon of a {@code group:x}, {@code program:x} or {@code fcgi-program:x}
     * section, checked as the reference checks it; a failure names the section's file.
     */
    String nameAfterColon(String section) {
        try {
            return Datatypes.processOrGroupName(section.substring(section.indexOf(':') + 1));
        } catch (PyValueError e) {
            throw new PyValueError(e.getMessage() + inFile(section));
        }
    }

    static String or(String v, String dflt) {
        return v == null ? dflt : v;
    }
}
