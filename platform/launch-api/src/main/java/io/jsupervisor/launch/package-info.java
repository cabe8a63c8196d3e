/**
 * The contract between the {@code supervisord} launcher (plain Java, outside the framework) and
 * the core bundle (inside Felix). The launcher owns the JVM: command line, daemonizing, POSIX
 * signals and the exit status. The core owns the config and the processes. The launcher
 * registers one {@link io.jsupervisor.launch.DaemonHost} service on the system bundle; the core
 * reports through it.
 */
@Export
@Version("1.2.0")
package io.jsupervisor.launch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
