package io.jsupervisor.platform.supervisord;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code org.osgi.framework.system.packages.extra}: the packages of the launcher's class path
 * that bundles may import from the system bundle, with versions, taken from each jar's
 * {@code Export-Package} header (jars without one, like jffi, export their class directories
 * unversioned).
 */
public final class SystemPackages {
    /** Jar file names (prefixes) on the class path whose packages go into the framework. */
    public static final List<String> EXPORTED_JARS = List.of("jsupervisor-launch-api", "jsupervisor-config", "jnr-", "jffi", "jetty-", "slf4j-api");

    private SystemPackages() {}

    public static String extra(String classPath) {
        List<String> clauses = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            File f = new File(entry);
            if (!f.isFile() || !selected(f.getName())) {
                continue;
            }
            try {
                clauses.addAll(exports(f));
            } catch (IOException e) {
                System.err.println("jsupervisor: cannot read " + f + ": " + e.getMessage());
            }
        }
        return String.join(",", clauses);
    }

    static boolean selected(String name) {
        return EXPORTED_JARS.stream().anyMatch(name::startsWith);
    }

    static List<String> exports(File jar) throws IOException {
        try (JarFile jf = new JarFile(jar)) {
            Manifest mf = jf.getManifest();
            String header = mf == null ? null : mf.getMainAttributes().getValue("Export-Package");
            if (header != null) {
                return parseExportPackage(header);
            }
            Set<String> pkgs = new TreeSet<>();
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements();) {
                String n = e.nextElement().getName();
                if (n.endsWith(".class") && n.indexOf('/') > 0 && !n.startsWith("META-INF/")) {
                    pkgs.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.'));
                }
            }
            return new ArrayList<>(pkgs);
        }
    }

    /** {@code a.b;uses:="x,y";version="1.0",c.d;e.f;version=2} to {@code a.b;version="1.0"}, ... */
    static List<String> parseExportPackage(String header) {
        List<String> out = new ArrayList<>();
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            List<String> names = new ArrayList<>();
            String version = null;
            for (String p : parts) {
                String t = p.strip();
                if (t.isEmpty()) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq < 0) {
                    names.add(t);
                } else if (t.substring(0, eq).strip().equals("version")) {
                    version = t.substring(eq + 1).strip().replace("\"", "");
                }
            }
            for (String n : names) {
                out.add(version == null ? n : n + ";version=\"" + version + "\"");
            }
        }
        return out;
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
