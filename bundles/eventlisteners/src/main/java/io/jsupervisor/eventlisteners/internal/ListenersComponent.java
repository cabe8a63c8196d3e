package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.ExtensionSection;
import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.EventListener;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.log.DaemonLog;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Reads the {@code [jsupervisor.listener:x]} sections of the running daemon's config and
 * registers one {@link EventListener} service per good section. The ProcessManager is
 * registered anew each time the daemon (re)starts, so this component is re-activated with the
 * new config after a SIGHUP; deactivation (that, or the bundle leaving {@code deploy/})
 * unregisters and stops every listener.
 */
@Component(immediate = true)
public final class ListenersComponent {
    private final List<Listener> listeners = new ArrayList<>();
    private final List<ServiceRegistration<EventListener>> registrations = new ArrayList<>();

    @Activate
    public ListenersComponent(@Reference ProcessManager manager, @Reference DaemonLog log, BundleContext context) {
        Control control = new ManagerControl(manager, log);
        for (ExtensionSection section : manager.config().extensions("listener")) {
            Listener l;
            try {
                l = Listeners.create(section, control);
            } catch (IllegalArgumentException e) {
                log.log(LogLevel.ERROR, section.section() + ": " + e.getMessage() + "; this listener is skipped");
                continue;
            }
            l.start();
            listeners.add(l);
            if (!l.types().isEmpty()) {
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(EventListener.TYPES_PROPERTY, l.types().stream().map(EventType::name).toArray(String[]::new));
                props.put("jsupervisor.listener.name", section.name());
                registrations.add(context.registerService(EventListener.class, l, props));
            }
            log.log(LogLevel.INFO, section.section() + ": " + l.describe());
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<EventListener> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        listeners.forEach(Listener::close);
        listeners.clear();
    }

    /** {@link Control} on the daemon's services. */
    private record ManagerControl(ProcessManager manager, DaemonLog daemonLog) implements Control {
        @Override
        public List<ProcessInfo> processes() {
            return manager.allProcessInfo();
        }

        @Override
        public CompletionStage<?> restart(String namespec) {
            CompletionStage<Boolean> stopped;
            try {
                stopped = manager.stopProcess(namespec, true);
            } catch (RuntimeException e) {
                stopped = CompletableFuture.failedFuture(e);
            }
            // NOT_RUNNING (it died meanwhile) is no reason not to start it
            return stopped.handle((ok, ex) -> null).thenCompose(x -> manager.startProcess(namespec, false));
        }

        @Override
        public void shutdown(int exitStatus) {
            manager.shutdown(exitStatus);
        }

        @Override
        public void log(LogLevel level, String message) {
            daemonLog.log(level, message);
        }
    }
}
