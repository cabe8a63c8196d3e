/**
 * The extension point for XML-RPC namespaces. Each {@code [rpcinterface:x]} section names a
 * factory by its {@code supervisor.rpcinterface_factory} value; a bundle provides the factory as
 * a Declarative Services component of {@link io.jsupervisor.api.rpc.RpcInterfaceFactory} with
 * the service property {@value io.jsupervisor.api.rpc.RpcInterfaceFactory#FACTORY_PROPERTY}
 * set to that value. The HTTP server serves the namespace it makes as {@code x.method}.
 *
 * <p>Values crossing this API are XML-RPC's: {@link java.lang.Integer} (int), {@link
 * java.lang.Boolean}, {@link java.lang.String}, {@link java.lang.Double}, {@code byte[]}
 * (base64), {@link java.util.Date} (dateTime.iso8601), {@link java.util.List} (array) and
 * {@link java.util.Map} with String keys (struct). Never null, never a Long.
 */
@Export
@Version("1.0.0")
package io.jsupervisor.api.rpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
