/**
 * Reads a {@code supervisord.conf} (with its includes) into the {@link io.jsupervisor.api.config}
 * model, with the reference's rules, defaults and error messages. {@link
 * io.jsupervisor.config.ConfigReader} is the entry point; everything else here is its private
 * help. The launcher reads the config with it before the framework starts; the core reads it
 * again on a reload.
 */
@Export
@Version("1.0.0")
package io.jsupervisor.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
