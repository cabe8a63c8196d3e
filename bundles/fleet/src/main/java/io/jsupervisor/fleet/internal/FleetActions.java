package io.jsupervisor.fleet.internal;

/**
 * Start, stop and restart as the fleet page asks for them, on any daemon: {@code restart} is a
 * stop, where a process that is not running is no error, then a start, as supervisorctl's.
 */
final class FleetActions {
    /** One daemon's way of doing the two basic actions. */
    interface Daemon {
        void start(String namespec) throws Exception;

        void stop(String namespec) throws Exception;

        /** Whether {@code e} is the NOT_RUNNING fault. */
        boolean notRunning(Exception e);
    }

    private FleetActions() {}

    static void run(Daemon daemon, String action, String namespec) throws Exception {
        switch (action) {
            case "start" -> daemon.start(namespec);
            case "stop" -> daemon.stop(namespec);
            case "restart" -> {
                try {
                    daemon.stop(namespec);
                } catch (Exception e) {
                    if (!daemon.notRunning(e)) {
                        throw e;
                    }
                }
                daemon.start(namespec);
            }
            default -> throw new IllegalArgumentException("no action " + action + " (start, stop, restart)");
        }
    }
}
