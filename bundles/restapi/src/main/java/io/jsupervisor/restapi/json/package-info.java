/** JSON text for other bundles' HTTP endpoints (the fleet view), written the way the JSON API writes it. */
@Export
@Version("1.0.0")
package io.jsupervisor.restapi.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
