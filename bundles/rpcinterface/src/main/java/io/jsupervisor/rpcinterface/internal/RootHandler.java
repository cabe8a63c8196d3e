package io.jsupervisor.rpcinterface.internal;

import io.jsupervisor.api.rpc.RpcFault;
import io.jsupervisor.pycompat.PyRepr;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import io.jsupervisor.rpcinterface.http.SameOrigin;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every authenticated request of every server ({@link Authentication} wraps this handler):
 * {@code /RPC2} to XML-RPC and anything else to the longest-prefix {@link HttpEndpoint}, or 404.
 * The body is read asynchronously and the answer written when the method's stage completes, on
 * the server's pool rather than the thread that completed it (methods the engine answers
 * synchronously do hold a pool thread until it has: see the README).
 */
final class RootHandler extends Handler.Abstract.NonBlocking {
    static final String RPC_PATH = "/RPC2";

    private final Supplier<Map<String, HttpEndpoint>> endpoints;
    private final Dispatcher dispatcher;
    private final XmlRpcCodec codec;
    private final ServerLog log;
    private final int maxBody;
    /** Longer request data is cut in log lines (the reference logs all of it; a 2 MB line helps nobody). */
    static final int MAX_LOGGED_CHARS = 2000;
    /** Oversized bodies up to this size are read and dropped before the fault is sent. */
    private static final long DISCARD_LIMIT = 64L * 1024 * 1024;
    private final Executor executor;

    RootHandler(Supplier<Map<String, HttpEndpoint>> endpoints, Dispatcher dispatcher, XmlRpcCodec codec, ServerLog log,
            int maxBody, Executor executor) {
        this.endpoints = endpoints;
        this.dispatcher = dispatcher;
        this.codec = codec;
        this.log = log;
        this.maxBody = maxBody;
        this.executor = executor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ConnectionGuard.keep(request);
        String path = request.getHttpURI().getPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        if (path.startsWith(RPC_PATH)) {
            rpc(request, response, callback);
            return true;
        }
        HttpEndpoint best = null;
        int bestLen = -1;
        for (Map.Entry<String, HttpEndpoint> e : endpoints.get().entrySet()) {
            String prefix = e.getKey();
            if (matches(path, prefix) && prefix.length() > bestLen) {
                best = e.getValue();
                bestLen = prefix.length();
            }
        }
        if (best != null && best.handle(request, response, callback)) {
            return true;
        }
        error(response, callback, 404, "Not Found");
        return true;
    }

    static boolean matches(String path, String prefix) {
        if (prefix.equals("/") || prefix.isEmpty()) {
            return true;
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return path.equals(p) || path.startsWith(p + "/") || path.startsWith(p + "?");
    }

    private void rpc(Request request, Response response, Callback callback) {
        if (!HttpMethod.POST.is(request.getMethod())) {
            error(response, callback, 400, "Bad Request");
            return;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (origin != null && !SameOrigin.check(origin, null, host)) {
            // a browser page of another site posting to us (text/plain needs no preflight);
            // XML-RPC clients send no Origin
            log.warn("XML-RPC request refused: Origin " + reprCut(origin) + " is not this server ("
                    + reprCut(String.valueOf(host)) + ")");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            error(response, callback, 403, "Forbidden");
            return;
        }
        long declared = request.getLength();
        if (declared > maxBody) {
            if (declared <= DISCARD_LIMIT) {
                // Read what the client is still sending before answering, so it gets to read
                // the fault instead of a reset connection; beyond the limit, just hang up.
                Content.Source.consumeAll(request, Callback.from(() -> tooLarge(response, callback),
                        failure -> tooLarge(response, callback)));
            } else {
                tooLarge(response, callback);
            }
            return;
        }
        Content.Source.asByteArrayAsync(request, maxBody).whenCompleteAsync((body, failure) -> {
            if (failure != null) {
                Throwable t = Dispatcher.unwrap(failure);
                if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
                    tooLarge(response, callback);
                } else {
                    callback.failed(t); // the client went away or the body broke off
                }
                return;
            }
            try {
                answer(body, response, callback);
            } catch (Throwable t) {
                // a StackOverflowError, an OutOfMemoryError ...: an answer all the same, never a hang
                internalError(body, t, response, callback);
            }
        }, executor);
    }

    private void internalError(byte[] body, Throwable t, Response response, Callback callback) {
        try {
            log.critical("Handling XML-RPC request with data " + reprCut(body)
                    + " raised an unexpected exception: " + describe(t));
        } finally {
            error(response, callback, 500, "Internal Server Error");
        }
    }

    private void answer(byte[] body, Response response, Callback callback) {
        XmlRpcCodec.Call call;
        try {
            call = codec.parse(body);
        } catch (XmlRpcCodec.TooDeep e) {
            log.warn("XML-RPC request refused: " + e.getMessage());
            send(response, callback, 200, "text/xml", codec.fault(
                    io.jsupervisor.api.process.Fault.INCORRECT_PARAMETERS.code(),
                    "INCORRECT_PARAMETERS: " + e.getMessage()));
            return;
        } catch (XmlRpcCodec.Malformed e) {
            String why = e.getMessage() != null && e.getMessage().equals("no method name")
                    ? "no method name" : "unmarshallable";
            log.error("XML-RPC request data " + reprCut(body) + " is invalid: " + why);
            error(response, callback, 400, "Bad Request");
            return;
        }
        log.trace("XML-RPC method called: " + call.method() + "()");
        dispatcher.call(call.method(), call.params()).whenCompleteAsync((value, err) -> {
            byte[] out;
            try {
                if (err == null) {
                    List<Object> parts = codec.responseParts(value);
                    log.trace("XML-RPC method " + call.method() + "() returned successfully");
                    if (parts.size() > 1) {
                        StreamedAnswer.send(response, callback, parts);
                        return;
                    }
                    out = (byte[]) parts.get(0);
                } else if (Dispatcher.unwrap(err) instanceof RpcFault f) {
                    out = codec.fault(f.code(), f.getMessage());
                    log.trace("XML-RPC method " + call.method() + "() returned fault: [" + f.code() + "] "
                            + f.getMessage());
                } else {
                    throw Dispatcher.unwrap(err);
                }
            } catch (Throwable t) {
                internalError(body, t, response, callback);
                return;
            }
            send(response, callback, 200, "text/xml", out);
        }, executor);
    }

    /**
     * Whether an Origin header names the host the request was addressed to (its Host header).
     * "null" (a sandboxed or local page) never does.
     */

    private void tooLarge(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        send(response, callback, 200, "text/xml", codec.fault(io.jsupervisor.api.process.Fault.FAILED.code(),
                "FAILED: request body larger than " + maxBody + " bytes"));
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("\n  at ").append(e);
            if (sb.length() > 4000) {
                break;
            }
        }
        return sb.toString();
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Request data as the reference's log lines show it: Python's repr() of the decoded str, cut. */
    private static String reprCut(String text) {
        return reprCut(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String reprCut(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        boolean cut = s.length() > MAX_LOGGED_CHARS;
        if (cut) {
            s = s.substring(0, MAX_LOGGED_CHARS);
        }
        String repr = PyRepr.repr(s);
        return cut ? repr + "... (" + data.length + " bytes)" : repr;
    }

    /** The reference's (medusa's) error page. */
    static void error(Response response, Callback callback, int code, String message) {
        String body = "<head>\n<title>Error response</title>\n</head>\n<body>\n<h1>Error response</h1>\n"
                + "<p>Error code " + code + ".\n<p>Message: " + message + ".\n</body>";
        send(response, callback, code, "text/html", body.getBytes(StandardCharsets.UTF_8));
    }
}
