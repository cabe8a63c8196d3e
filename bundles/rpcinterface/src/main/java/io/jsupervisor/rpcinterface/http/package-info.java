/** The HTTP servers' extension point for pages served behind their authentication. */
@Export
@Version("1.2.0")
package io.jsupervisor.rpcinterface.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
