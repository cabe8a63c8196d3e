package io.jsupervisor.api.config;

/**
 * A process's own cgroup (v2) and the limits written into it: jsupervisor's {@code memory_max},
 * {@code memory_high}, {@code cpu_max}, {@code pids_max}, {@code cgroup} and
 * {@code cgroup_required} options (the reference has none of them and ignores them).
 * {@link #NONE}, what a program that sets none gets, is the reference's behaviour: no cgroup.
 *
 * @param cgroup whether the process gets a cgroup of its own; any limit implies it
 * @param required whether the daemon refuses to start when it cannot give the process its cgroup
 *     or a limit's controller; false: it says so once and runs the process without them
 * @param memoryMax {@code memory.max} in bytes, {@link #MAX} for no limit, or null: not set
 * @param memoryHigh {@code memory.high} in bytes, {@link #MAX} for no limit, or null: not set
 * @param cpuMax {@code cpu.max}, or null: not set
 * @param pidsMax {@code pids.max}, {@link #MAX} for no limit, or null: not set
 */
public record ResourceLimits(boolean cgroup, boolean required, Long memoryMax, Long memoryHigh, CpuMax cpuMax,
        Long pidsMax) {
    /** A memory or pids value of {@code max}: no limit. */
    public static final long MAX = Long.MAX_VALUE;

    /** The reference's behaviour: no cgroup, no limits. */
    public static final ResourceLimits NONE = new ResourceLimits(false, true, null, null, null, null);

    public ResourceLimits {
        cgroup = cgroup || memoryMax != null || memoryHigh != null || cpuMax != null || pidsMax != null;
    }

    /** Whether any limit is set (and with it a controller needed). */
    public boolean hasLimits() {
        return memoryMax != null || memoryHigh != null || cpuMax != null || pidsMax != null;
    }

    /** A value as a cgroup v2 interface file takes it: {@code max} or the number. */
    public static String fileValue(long value) {
        return value == MAX ? "max" : Long.toString(value);
    }

    /**
     * {@code cpu.max}: at most {@code quota} microseconds of CPU time in each {@code period}
     * microseconds ({@code quota} {@link ResourceLimits#MAX}: no limit).
     */
    public record CpuMax(long quota, long period) {
        /** The period a percentage is a share of, as the kernel's default. */
        public static final long DEFAULT_PERIOD = 100_000;

        public CpuMax {
            if (quota <= 0 || period <= 0) {
                throw new IllegalArgumentException("cpu.max quota and period must be positive");
            }
        }

        /** The line written to {@code cpu.max}: {@code QUOTA PERIOD} or {@code max PERIOD}. */
        public String fileValue() {
            return ResourceLimits.fileValue(quota) + " " + period;
        }
    }
}
