package io.jsupervisor.config;

import java.util.function.Function;

/**
 * A section's jsupervisor-only options as {@link RestartOptions}, {@link ReadinessOptions}
 * {@link ResourceLimitOptions} and {@link CriticalOptions}
 * read them: expanded and converted, with a failure naming the option.
 */
interface OptionLookup {
    /** An option's converted value, or null when the section does not set it. */
    <T> T optional(String option, Function<String, T> type);
}
