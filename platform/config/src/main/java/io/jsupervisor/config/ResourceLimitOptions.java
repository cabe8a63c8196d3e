package io.jsupervisor.config;

import io.jsupervisor.api.config.ResourceLimits;
import io.jsupervisor.api.config.ResourceLimits.CpuMax;
import java.util.Locale;

/**
 * jsupervisor's cgroup options of a {@code [program:x]} or {@code [fcgi-program:x]}:
 * {@code memory_max}, {@code memory_high}, {@code cpu_max}, {@code pids_max}, {@code cgroup} and
 * {@code cgroup_required}. The reference ignores them; a program that sets none of them gets
 * {@link ResourceLimits#NONE}. Whether the machine can apply them is the engine's question.
 */
final class ResourceLimitOptions {
    /** The kernel's bounds for cpu.max, in microseconds. */
    private static final long MIN_QUOTA = 1_000;
    private static final long MIN_PERIOD = 1_000;
    private static final long MAX_PERIOD = 1_000_000;

    private ResourceLimitOptions() {}

    static ResourceLimits read(OptionLookup options) {
        Long memoryMax = options.optional("memory_max", ResourceLimitOptions::bytes);
        Long memoryHigh = options.optional("memory_high", ResourceLimitOptions::bytes);
        CpuMax cpuMax = options.optional("cpu_max", ResourceLimitOptions::cpuMax);
        Long pidsMax = options.optional("pids_max", ResourceLimitOptions::count);
        Boolean cgroup = options.optional("cgroup", Datatypes::bool);
        Boolean required = options.optional("cgroup_required", Datatypes::bool);
        if (memoryMax == null && memoryHigh == null && cpuMax == null && pidsMax == null && cgroup == null
                && required == null) {
            return ResourceLimits.NONE;
        }
        return new ResourceLimits(cgroup != null && cgroup, required == null || required, memoryMax, memoryHigh,
                cpuMax, pidsMax);
    }

    /** A byte size as {@code logfile_maxbytes} takes it (20MB, 1GB, 4096...), above 0, or {@code max}. */
    static long bytes(String value) {
        if (isMax(value)) {
            return ResourceLimits.MAX;
        }
        long bytes = Datatypes.byteSize(Py.strip(value));
        if (bytes <= 0) {
            throw new PyValueError("value " + Py.repr(value) + " is not a size above 0 (such as 20MB, 1GB) or max");
        }
        return bytes;
    }

    /** An integer above 0, or {@code max}. */
    static long count(String value) {
        if (isMax(value)) {
            return ResourceLimits.MAX;
        }
        long n = Py.parseInt(value);
        if (n <= 0) {
            throw new PyValueError("value " + Py.repr(value) + " is not a number above 0 or max");
        }
        return n;
    }

    /**
     * {@code QUOTA PERIOD} in microseconds as cgroup's {@code cpu.max} takes them ({@code QUOTA}
     * may be {@code max}), or a percentage of one CPU ({@code 50%}, {@code 150%}) of a
     * {@value CpuMax#DEFAULT_PERIOD} µs period.
     */
    static CpuMax cpuMax(String value) {
        String v = Py.strip(value);
        String form = "(QUOTA PERIOD in microseconds, or a percentage such as 50%)";
        if (v.endsWith("%")) {
            double percent;
            try {
                percent = RestartOptions.number(v.substring(0, v.length() - 1));
            } catch (PyValueError e) {
                throw new PyValueError("invalid cpu_max " + Py.repr(value) + " " + form);
            }
            long quota = Math.round(CpuMax.DEFAULT_PERIOD * percent / 100);
            if (!(percent > 0) || quota < MIN_QUOTA) {
                throw new PyValueError("cpu_max " + Py.repr(value) + " is below the kernel's least quota ("
                        + MIN_QUOTA * 100 / CpuMax.DEFAULT_PERIOD + "%)");
            }
            return new CpuMax(quota, CpuMax.DEFAULT_PERIOD);
        }
        String[] parts = v.split("\\s+");
        if (parts.length != 2) {
            throw new PyValueError("invalid cpu_max " + Py.repr(value) + " " + form);
        }
        long quota;
        long period;
        try {
            quota = isMax(parts[0]) ? ResourceLimits.MAX : Py.parseInt(parts[0]);
            period = Py.parseInt(parts[1]);
        } catch (PyValueError e) {
            throw new PyValueError("invalid cpu_max " + Py.repr(value) + " " + form);
        }
        if (period < MIN_PERIOD || period > MAX_PERIOD || quota < MIN_QUOTA) {
            throw new PyValueError("cpu_max " + Py.repr(value) + " is out of the kernel's range (QUOTA at least "
                    + MIN_QUOTA + ", PERIOD from " + MIN_PERIOD + " to " + MAX_PERIOD + ")");
        }
        return new CpuMax(quota, period);
    }

    private static boolean isMax(String value) {
        return Py.strip(value).toLowerCase(Locale.ROOT).equals("max");
    }
}
