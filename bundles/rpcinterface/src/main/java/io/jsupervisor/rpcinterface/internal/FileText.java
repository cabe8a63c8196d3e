package io.jsupervisor.rpcinterface.internal;

import java.nio.file.Path;

/**
 * A string value of an XML-RPC answer that is a slice of a file too large to hold in the heap
 * ({@code length} bytes from {@code offset}, measured when the method ran): the answer streams it
 * from the file to the socket, decoding it as UTF-8 (each invalid sequence becomes U+FFFD) and
 * escaping it as it goes. It holds no descriptor, so a multicall of many cannot exhaust them; the
 * file is opened when its turn to be sent comes, and if it has shrunk meanwhile (cleared,
 * rotated) the answer carries what is left of the slice.
 */
public record FileText(Path file, long offset, long length) {}
