package io.jsupervisor.webui.internal;

import io.jsupervisor.api.process.Fault;
import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.api.process.SupervisorException;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import io.jsupervisor.rpcinterface.http.LogReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /tail.html?processname=x[&limit=n][&channel=stderr]}: the last {@code limit} bytes (at
 * least 1024, as the reference) of a process's log, escaped in a {@code <pre>}. Without script the
 * page reloads itself every 5 s; with script ({@code ui/tail.js}) it follows the log live through
 * the JSON API ({@code /api/v1/processes/x/logs/stdout?offset=n}, or {@code /api/v1/daemon/log}),
 * and reloads every 5 s as without script when that API is not installed. {@code main=1} shows
 * the activity log instead.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/tail.html")
public final class TailPage implements HttpEndpoint {
    /**
     * The most bytes a page shows, whatever {@code limit} asks: the whole log of a chatty process
     * (and its escaped copy) would not fit in the daemon's heap. The RPC answers stream instead.
     */
    static final int MAX_LIMIT = 1 << 20;

    private final ProcessManager manager;

    @Activate
    public TailPage(@Reference ProcessManager manager) {
        this.manager = manager;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!Web.path(request).equals("/tail.html")) {
            return false;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return Web.send(response, callback, 405, "text/plain;charset=utf-8", "Method not allowed\n");
        }
        Fields q = Web.query(request);
        String name = Web.value(q, "processname");
        boolean main = "1".equals(Web.value(q, "main"));
        boolean stderr = "stderr".equals(Web.value(q, "channel"));
        String limitText = Web.value(q, "limit");
        int limit = 1024;
        if (limitText != null && limitText.matches("\\d{1,9}")) {
            limit = Math.min(MAX_LIMIT, Math.max(1024, Integer.parseInt(limitText)));
        }
        String text;
        String file = null;
        long offset = 0;
        boolean ok = false;
        if (main) {
            file = manager.mainLogfile();
            text = "No file for the activity log";
        } else if (name == null || name.isEmpty()) {
            text = "No process name found";
        } else {
            try {
                ProcessInfo info = manager.processInfo(name);
                file = stderr ? info.stderrLogfile() : info.stdoutLogfile();
                text = "No file for " + name;
            } catch (SupervisorException e) {
                text = "ERROR: unexpected rpc fault [" + e.fault().code() + "] " + e.getMessage();
                if (e.fault() != Fault.BAD_NAME) {
                    text = "ERROR: " + e.getMessage();
                }
            }
        }
        if (file != null && !file.isEmpty() && Files.isRegularFile(Path.of(file))) {
            try {
                LogReader.Slice s = LogReader.read(Path.of(file), -1, limit);
                text = s.text();
                offset = s.next();
                ok = true;
            } catch (IOException e) {
                text = "ERROR: " + e.getMessage();
            }
        }
        String what = main ? "the activity log" : "process " + (name == null ? "None" : name);
        String title = "Supervisor tail of " + what;
        String self = main ? "tail.html?main=1" : "tail.html?processname=" + Html.query(name == null ? "" : name);
        StringBuilder b = new StringBuilder(text.length() * 6 / 5 + 2048);
        b.append("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>\n")
                .append("<header class=\"top\"><div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>")
                .append("<span class=\"title\">").append(Html.esc(title)).append(stderr ? " (stderr)" : "")
                .append("</span></div>\n<div class=\"ident\"><a href=\"index.html\">status</a></div></header>\n")
                .append("<main class=\"tail\">\n<div class=\"toolbar\">\n<ul class=\"buttons\">")
                .append("<li><a class=\"button\" id=\"refresh\" href=\"").append(Html.esc(self))
                .append(stderr ? "&amp;channel=stderr" : "").append("&amp;limit=").append(limit).append("\">Refresh</a></li>");
        if (!main && name != null && !name.isEmpty()) {
            b.append("<li><a class=\"button").append(stderr ? "" : " current").append("\" href=\"").append(Html.esc(self))
                    .append("\">stdout</a></li><li><a class=\"button").append(stderr ? " current" : "").append("\" href=\"")
                    .append(Html.esc(self)).append("&amp;channel=stderr\">stderr</a></li>");
        }
        b.append("</ul>\n<label class=\"follow\"><input type=\"checkbox\" id=\"follow\" checked> follow</label>")
                .append("<span id=\"tail-status\" class=\"live off\">static</span>\n</div>\n")
                .append("<pre id=\"log\" class=\"log\" data-offset=\"").append(ok ? offset : -1)
                .append("\" data-process=\"").append(Html.esc(name == null ? "" : name))
                .append("\" data-channel=\"").append(stderr ? "stderr" : "stdout")
                .append("\" data-main=\"").append(main ? "1" : "0")
                .append("\" data-ok=\"").append(ok).append("\">")
                .append(Html.esc(text)).append("</pre>\n</main>\n");
        return Web.html(response, callback, 200, Web.page(title, "tail.js", "tailpage", b.toString()));
    }
}
