/** The daemon's activity log as a service, for bundles that write the reference's lines there. */
@Export
@Version("1.1.0")
package io.jsupervisor.api.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
