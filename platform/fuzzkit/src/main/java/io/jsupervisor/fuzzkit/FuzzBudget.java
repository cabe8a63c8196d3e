package io.jsupervisor.fuzzkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How long a fuzz test fuzzes, and what Jazzer instruments (see docs/fuzzing.md). The build
 * passes {@code fuzz.seconds} and {@code fuzz.minutes}; {@code @FuzzTest(maxDuration)} can only
 * be a constant, so the budget goes to libFuzzer as extra arguments, which Jazzer appends after
 * its own (libFuzzer lets the last one win). Call from {@code @BeforeAll}: JUnit runs it before
 * Jazzer reads its configuration for the class's fuzz test.
 */
public final class FuzzBudget {
    /** A single input running longer than this is a finding (a hang), not a slow input. */
    public static final int INPUT_TIMEOUT_SECONDS = 10;

    /**
     * Jazzer's bug detectors for injection-style sinks (SQL, LDAP, JNDI, OS commands, ...), which
     * none of the fuzzed code reaches. Loading them costs a few seconds of CPU per fuzz test, so
     * the short in-build runs leave them out; long runs keep them.
     */
    private static final List<String> SANITIZERS = List.of("ClojureLangHooks", "Deserialization",
            "ExpressionLanguageInjection", "LdapInjection", "NamingContextLookup", "OsCommandInjection",
            "ReflectiveCall", "RegexInjection", "RegexRoadblocks", "ScriptEngineInjection",
            "ServerSideRequestForgery", "SqlInjection", "XPathInjection");

    private FuzzBudget() {}

    /**
     * @param instrument class name globs to instrument for coverage and comparison feedback.
     *     Naming them keeps Jazzer's hooks off the JDK's and JUnit's classes, which otherwise
     *     costs tens of seconds of start-up per fuzz test.
     */
    public static void apply(String... instrument) {
        long minutes = Long.getLong("fuzz.minutes", 0);
        long seconds = minutes > 0 ? minutes * 60 : Long.getLong("fuzz.seconds", 5);
        System.setProperty("jazzer.instrument", String.join(",", instrument));
        if (minutes <= 0) {
            System.setProperty("jazzer.disabled_hooks", SANITIZERS.stream()
                    .map(s -> "com.code_intelligence.jazzer.sanitizers." + s).collect(Collectors.joining(":")));
        }
        System.setProperty("jazzer.internal.arg.0", "jazzer");
        // 0 would mean "no limit" to libFuzzer: here it means replay the inputs, mutate nothing
        System.setProperty("jazzer.internal.arg.1", seconds > 0 ? "-max_total_time=" + seconds : "-runs=0");
        System.setProperty("jazzer.internal.arg.2", "-timeout=" + INPUT_TIMEOUT_SECONDS);
        // The short in-build run mutates from a fixed seed so that a build's result does not
        // depend on luck; long runs (and -Dfuzz.seed=0) take a random seed to explore.
        long seed = Long.getLong("fuzz.seed", minutes > 0 ? 0 : 1);
        System.setProperty("jazzer.internal.arg.3", "-seed=" + seed);
    }
}
