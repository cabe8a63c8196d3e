/**
 * The immutable configuration model: what a {@code supervisord.conf} (with its includes) means
 * once read. Produced by the config library's reader ({@code io.jsupervisor.config}), consumed by the engine and by the bundles
 * that serve HTTP, RPC interfaces and event listeners.
 */
@Export
@Version("2.3.0")
package io.jsupervisor.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
