/**
 * Supervisor's events as Java objects, and the extension point for listeners that run inside
 * the daemon: register an {@link io.jsupervisor.api.event.EventListener} service (a Declarative
 * Services component) and it receives every {@link io.jsupervisor.api.event.Event} of the types
 * named in its {@value io.jsupervisor.api.event.EventListener#TYPES_PROPERTY} property, on a
 * thread of its own. External {@code [eventlistener:x]} pools see the same events.
 */
@Export
@Version("1.1.0")
package io.jsupervisor.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
