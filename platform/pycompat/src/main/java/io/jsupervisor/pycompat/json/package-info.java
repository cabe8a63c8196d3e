/**
 * JSON text (RFC 8259) for whatever the daemon writes as JSON: the HTTP endpoints' answers and
 * the activity log's JSON lines. It sits in this dependency-free library because every bundle
 * already inlines it privately (the same {@code -conditionalpackage} as the Python helpers), so
 * each bundle gets the one writer without importing it from another bundle.
 */
package io.jsupervisor.pycompat.json;
