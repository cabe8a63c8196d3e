package io.jsupervisor.core.internal.daemon;

import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.SupervisorState;
import io.jsupervisor.core.internal.engine.Engine;
import io.jsupervisor.core.internal.event.EventBus;
import io.jsupervisor.launch.DaemonHost;
import io.jsupervisor.launch.DaemonHost.ServiceState;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Tells the launcher (and through it a service manager such as systemd) where the daemon's life
 * stands: READY once a start or reload has spawned its autostart programs, RELOADING or STOPPING
 * as soon as the engine begins to stop everything, and whether the engine still answers, for
 * the watchdog's keep-alives.
 */
final class ServiceReporter {
    private final DaemonHost host;

    ServiceReporter(DaemonHost host, EventBus bus, Supplier<Engine> engine) {
        this.host = host;
        bus.addListener(event -> {
            Engine e = engine.get();
            boolean restarting = e != null && e.state() == SupervisorState.RESTARTING;
            host.serviceState(restarting ? ServiceState.RELOADING : ServiceState.STOPPING);
        }, Set.of(EventType.SUPERVISOR_STATE_CHANGE_STOPPING), "service manager");
        host.setLivenessCheck(() -> {
            Engine e = engine.get();
            // between a reload's two engines nothing runs to be stuck
            return e == null || e.allProcessInfo() != null;
        });
    }

    /**
     * The engine was just released: once its loop has made the pass that spawns the autostart
     * programs, the daemon is ready. (Two round trips through the inbox did not prove that: a
     * quick caller's second request could be answered in the same drain as its first, before
     * the pass.) A loop that never gets there (it failed) leaves READY unsent after a minute.
     */
    void released(Engine e) {
        try {
            e.releasedPass().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            return;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        host.serviceState(ServiceState.READY);
    }

    void close() {
        host.setLivenessCheck(null);
    }
}
