/**
 * The process manager as other bundles see it: states, snapshots, faults and the
 * {@link io.jsupervisor.api.process.ProcessManager} service the core registers. The RPC
 * interface, the web UI and in-JVM listeners are written against this package only.
 */
@Export
@Version("1.3.0")
package io.jsupervisor.api.process;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
