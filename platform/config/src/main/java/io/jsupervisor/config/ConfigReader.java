package io.jsupervisor.config;

import io.jsupervisor.api.config.ConfigException;
import io.jsupervisor.api.config.HttpServerConfig;
import io.jsupervisor.api.config.ProcessGroupConfig;
import io.jsupervisor.api.config.RpcInterfaceConfig;
import io.jsupervisor.api.config.SupervisorConfig;
import io.jsupervisor.api.config.SupervisordSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a supervisord.conf (and its includes) the way Supervisor 4.2.5 does: finds and parses the
 * files, then has the section readers realize them in the reference's order.
 */
public final class ConfigReader {
    static final String NO_SUPERVISORD = ".ini file does not include supervisord section";

    private final ConfigEnvironment environment;

    public ConfigReader(ConfigEnvironment environment) {
        this.environment = environment;
    }

    /**
     * @param configFile the main config file
     * @param overrides [supervisord] options from the command line, by option name, raw values
     */
    public SupervisorConfig read(Path configFile, Map<String, String> overrides) throws ConfigException {
        try {
            ReadContext ctx = new ReadContext(environment, configFile.toString());
            SupervisordSection supervisord = new SupervisordSection(ctx, overrides == null ? Map.of() : overrides);
            readFiles(ctx, configFile);
            return realize(ctx, supervisord);
        } catch (PyValueError e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private void readFiles(ReadContext ctx, Path configFile) {
        Path absolute = environment.cwd().resolve(configFile);
        String configName = ctx.configName();
        if (!Files.exists(absolute)) {
            throw new PyValueError("could not find config file " + configName);
        }
        String text = readText(ctx, absolute);
        if (text == null) {
            throw new PyValueError("could not read config file " + configName);
        }
        ctx.parser().read(text, configName);
        readIncludes(ctx);
        if (!ctx.parser().hasSection("supervisord")) {
            throw new PyValueError(NO_SUPERVISORD);
        }
    }

    /** A file's text, or null when it cannot be read. */
    private static String readText(ReadContext ctx, Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PyValueError("could not decode config file " + ctx.configName() + " as UTF-8");
        } catch (IOException e) {
            return null;
        }
    }

    private void readIncludes(ReadContext ctx) {
        IniParser parser = ctx.parser();
        if (!parser.hasSection("include")) {
            return;
        }
        parser.expandHere(ctx.here());
        if (!parser.hasOption("include", "files")) {
            throw new PyValueError(".ini file has [include] section, but no files setting");
        }
        String files = PyFormat.expand(parser.get("include", "files"), ctx.hereHostAndEnviron(), "include.files");
        String base = ctx.here();
        for (String pattern : Py.split(files)) {
            String joined = pattern.startsWith("/") ? pattern : (base.endsWith("/") ? base + pattern : base + "/" + pattern);
            List<Path> found = environment.glob().apply(joined);
            if (found == null || found.isEmpty()) {
                ctx.warnings().add("No file matches via include \"" + joined + "\"");
                continue;
            }
            List<String> names = new ArrayList<>();
            for (Path p : found) {
                names.add(p.toString());
            }
            names.sort(null);
            for (String filename : names) {
                ctx.infos().add("Included extra file \"" + filename + "\" during parsing");
                String text = readText(ctx, environment.cwd().resolve(filename));
                if (text != null) {
                    parser.readIncluded(text, filename);
                }
                parser.expandHere(ctx.machine().abspath(Datatypes.dirname(filename)));
            }
        }
    }

    private static SupervisorConfig realize(ReadContext ctx, SupervisordSection supervisordSection) {
        SupervisordSettings supervisord = supervisordSection.read();
        PluginSections plugins = new PluginSections(ctx);
        List<RpcInterfaceConfig> rpc = plugins.rpcInterfaces();
        GroupSections groupSections = new GroupSections(ctx, supervisord.environment());
        List<ProcessGroupConfig> groups = groupSections.groups();
        ServerSections serverSections = new ServerSections(ctx);
        List<HttpServerConfig> servers = serverSections.httpServers();
        supervisordSection.checkUser(supervisord);
        // last: a config the reference refuses gets the reference's error first
        new DependencyGraph(ctx, groups, groupSections::sectionOf).check();
        return new SupervisorConfig(Path.of(ctx.machine().normalizePath(ctx.configName())), supervisord, servers,
                ServerSections.serverUrl(servers), groups, rpc, ctx.warnings(),
                ctx.infos(), plugins.extensions());
    }
}
