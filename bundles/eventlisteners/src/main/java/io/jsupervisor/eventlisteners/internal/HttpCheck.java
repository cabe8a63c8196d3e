package io.jsupervisor.eventlisteners.internal;

import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.event.EventType;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessState;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code type = http-check}, superlance's httpok inside the daemon: while a listed program is
 * RUNNING, GET {@code url} each check; a check fails when the request errs or takes longer than
 * {@code timeout}, answers a status not in {@code status}, or (with {@code expect}) a body
 * without that text. After {@code failures} failures in a row the RUNNING listed processes are
 * restarted and the count starts again.
 */
final class HttpCheck extends PeriodicListener {
    static final Set<String> OPTIONS = Set.of("programs", "url", "timeout", "status", "failures", "expect", "interval");

    private final Programs programs;
    private final URI url;
    private final Duration timeout;
    private final Set<Integer> statuses;
    private final int maxFailures;
    private final String expect;
    private final HttpClient client;
    private int failures;

    HttpCheck(String name, Control control, Programs programs, URI url, Duration timeout, Set<Integer> statuses,
            int maxFailures, String expect, long intervalMillis) {
        super(name, control, EventType.TICK_60, intervalMillis);
        this.programs = programs;
        this.url = url;
        this.timeout = timeout;
        this.statuses = statuses;
        this.maxFailures = maxFailures;
        this.expect = expect;
        this.client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static HttpCheck create(Options o, Control control) {
        o.allowOnly(OPTIONS);
        Programs programs = Programs.parse(o.required("programs"));
        String u = o.required("url");
        URI url;
        try {
            url = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url = " + u + " is not a URL: " + e.getMessage());
        }
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("url = " + u + " is not an http:// or https:// URL");
        }
        Set<Integer> statuses = new TreeSet<>();
        for (String s : o.string("status", "200").split(",")) {
            try {
                int code = Integer.parseInt(s.strip());
                if (code < 100 || code > 599) {
                    throw new NumberFormatException();
                }
                statuses.add(code);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("status = " + o.string("status", "")
                        + ": expected HTTP status codes (comma-separated)");
            }
        }
        long timeoutMillis = o.seconds("timeout", 10, 0.1);
        long interval = o.has("interval") ? o.seconds("interval", 60, 0.1) : 0;
        return new HttpCheck(o.name(), control, programs, url, Duration.ofMillis(timeoutMillis), statuses,
                o.integer("failures", 3, 1, 1000), o.string("expect", null), interval);
    }

    @Override
    String describe() {
        return "http-check: restart " + programs + " after " + maxFailures + " failed GET " + url
                + " in a row (status " + statuses + (expect != null ? ", body containing '" + expect + "'" : "")
                + ", timeout " + timeout.toMillis() / 1000.0 + " s), checked " + every();
    }

    @Override
    void check() throws InterruptedException {
        List<ProcessInfo> running = new ArrayList<>();
        for (ProcessInfo p : control.processes()) {
            if (p.state() == ProcessState.RUNNING && programs.matches(p.group(), p.name()) && !isRestarting(p)) {
                running.add(p);
            }
        }
        if (running.isEmpty()) {
            failures = 0; // only failures while the server is meant to be up count
            return;
        }
        String failure = probe();
        if (failure == null) {
            failures = 0;
            return;
        }
        failures++;
        if (failures < maxFailures) {
            log(LogLevel.WARN, "GET " + url + " failed (" + failures + " of " + maxFailures + "): " + failure);
            return;
        }
        failures = 0;
        List<String> names = running.stream().map(ProcessInfo::namespec).toList();
        log(LogLevel.ERROR, "GET " + url + " failed (" + maxFailures + " of " + maxFailures + "): " + failure
                + ": restarting " + String.join(", ", names));
        running.forEach(this::restart);
    }

    /** null when the URL answers as expected, else what went wrong. */
    String probe() throws InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "jsupervisor-http-check")
                .GET().build();
        try {
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            return judge(r.statusCode(), r.body());
        } catch (HttpTimeoutException e) {
            return "no answer within " + timeout.toMillis() / 1000.0 + " s";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    String judge(int status, String body) {
        if (!statuses.contains(status)) {
            return "status " + status + ", expected " + (statuses.size() == 1 ? statuses.iterator().next() : statuses);
        }
        if (expect != null && (body == null || !body.contains(expect))) {
            return "status " + status + " but the body does not contain '" + expect + "'";
        }
        return null;
    }
}
