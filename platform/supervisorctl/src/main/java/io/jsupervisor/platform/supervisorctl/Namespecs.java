package io.jsupervisor.platform.supervisorctl;

/** Process names as the reference writes and reads them: {@code group:name}, or {@code name} alone. */
final class Namespecs {
    private Namespecs() {
    }

    static String namespec(Object group, Object name) {
        return String.valueOf(group).equals(String.valueOf(name)) ? String.valueOf(name) : group + ":" + name;
    }

    /** {group, process-or-null}. */
    static String[] splitNamespec(String spec) {
        int c = spec.indexOf(':');
        if (c >= 0) {
            String g = spec.substring(0, c);
            String p = spec.substring(c + 1);
            return new String[] {g, p.isEmpty() || p.equals("*") ? null : p};
        }
        return new String[] {spec, spec};
    }
}
