/**
 * Python behaviour that the reference Supervisor's messages and values depend on, kept once.
 *
 * <p>The OSGi bundles copy this package privately into themselves ({@code -conditionalpackage}
 * in their bnd instructions) instead of importing it from the system class path: no object of
 * these types crosses a bundle boundary, so sharing one class loader would buy nothing and would
 * add a package version to keep in step with the launcher.
 */
package io.jsupervisor.pycompat;
