package io.jsupervisor.webui.internal;

import io.jsupervisor.api.process.ProcessInfo;
import io.jsupervisor.api.process.ProcessManager;
import io.jsupervisor.pycompat.ReferenceVersion;
import io.jsupervisor.rpcinterface.http.HttpEndpoint;
import io.jsupervisor.rpcinterface.http.SameOrigin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The status page at {@code /} and {@code /index.html} (and the reference's {@code /ok.html}).
 *
 * <p>The page is complete without script: the table is rendered here, and the action links keep
 * the reference's forms ({@code index.html?processname=web&action=stop}). Following such a link
 * (a GET) never changes anything: it shows a confirmation page whose button POSTs the action with
 * the form token ({@link Csrf}). {@code action=refresh} is harmless and is answered at once. With
 * script ({@code ui/status.js}) and the JSON API bundle installed, the links are taken over: the
 * actions are requests to {@code /api/v1} and the table follows {@code /api/v1/events}; without
 * that bundle the script leaves the links alone and the page works as without script.
 *
 * <p>A POST to {@code /} or {@code /index.html} with {@code action}, {@code processname} and
 * {@code token} runs the action and redirects (303) to {@code index.html?message=...}, the
 * reference's message shown in the banner.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH_PROPERTY + "=/")
public final class StatusPage implements HttpEndpoint {
    private final ProcessManager manager;
    private final Actions actions;

    @Activate
    public StatusPage(@Reference ProcessManager manager) {
        this.manager = manager;
        this.actions = new Actions(manager);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Web.path(request);
        if (path.equals("/ok.html")) {
            return Web.send(response, callback, 200, "text/plain", "OK");
        }
        if (!path.equals("/") && !path.equals("/index.html")) {
            return false;
        }
        String method = request.getMethod();
        if ("POST".equals(method)) {
            post(request, response, callback);
            return true;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Web.send(response, callback, 405, "text/plain;charset=utf-8", "Method not allowed\n");
        }
        Fields q = Web.query(request);
        String action = Web.value(q, "action");
        String name = Web.value(q, "processname");
        String message = Web.value(q, "message");
        if (action != null && !action.isEmpty()) {
            if (action.equals("refresh")) {
                actions.run(action, name).thenAccept(o -> Web.html(response, callback, 200, render(o.message())));
                return true;
            }
            if (!Actions.known(action)) {
                return Web.html(response, callback, 400, render("ERROR: unknown action " + action));
            }
            return Web.html(response, callback, 200, confirm(request, action, name));
        }
        return Web.html(response, callback, 200, render(message));
    }

    private void post(Request request, Response response, Callback callback) {
        // onFields with a declared invocation type: Jetty 12.1 refuses an untyped callback on a
        // form that has not fully arrived yet ("Bad invocation type when not completed")
        FormFields.onFields(request, StandardCharsets.UTF_8, 100, 64 * 1024,
                Promise.Invocable.from(InvocationType.BLOCKING, (Fields form, Throwable failure) -> {
            Fields fields = failure == null ? form : new Fields();
            if (!Csrf.valid(request, Web.value(fields, "token")) || !SameOrigin.check(request)) {
                Web.html(response, callback, 403, Web.page("Supervisor: action refused", null, "plain",
                        "<main class=\"narrow\"><div class=\"banner error\">The form token is missing or stale, "
                                + "so nothing was done. Reload the <a href=\"index.html\">status page</a> and try again."
                                + "</div></main>\n"));
                return;
            }
            String action = Web.value(fields, "action");
            actions.run(action, Web.value(fields, "processname")).whenComplete((o, t) -> {
                String message = t == null ? o.message() : "ERROR: " + t;
                Web.redirect(response, callback, "index.html?message=" + Html.query(message));
            });
        }));
    }

    /** The page a GET action link leads to: the question and a POST button carrying the token. */
    private String confirm(Request request, String action, String name) {
        String token = Csrf.token(request);
        StringBuilder b = new StringBuilder();
        b.append("<main class=\"narrow\">\n<h1>Confirm</h1>\n<p class=\"question\">")
                .append(Html.esc(Actions.question(action, name))).append("</p>\n")
                .append("<form method=\"post\" action=\"index.html\" class=\"confirm\">\n")
                .append("<input type=\"hidden\" name=\"action\" value=\"").append(Html.esc(action)).append("\">\n")
                .append("<input type=\"hidden\" name=\"processname\" value=\"").append(Html.esc(name == null ? "" : name))
                .append("\">\n<input type=\"hidden\" name=\"token\" value=\"").append(Html.esc(token)).append("\">\n")
                .append("<button type=\"submit\" class=\"button primary\" id=\"confirm\">Yes, ")
                .append(Html.esc(label(action).toLowerCase())).append("</button>\n")
                .append("<a class=\"button\" href=\"index.html\">Cancel</a>\n</form>\n")
                .append("<p class=\"hint\">Actions are only taken on a POST carrying the page's token, ")
                .append("so that links on other sites cannot act on your processes.</p>\n</main>\n");
        return Web.page("Supervisor: confirm", null, "plain", b.toString());
    }

    static String label(String action) {
        return switch (action) {
            case "start" -> "Start";
            case "stop" -> "Stop";
            case "restart" -> "Restart";
            case "clearlog" -> "Clear Log";
            case "stopall" -> "Stop All";
            case "restartall" -> "Restart All";
            default -> "Refresh";
        };
    }

    static boolean isError(String message) {
        return message != null && (message.startsWith("ERROR") || message.startsWith("unexpected rpc fault")
                || message.startsWith("No such"));
    }

    String render(String message) {
        Snapshot snap = Snapshot.of(manager);
        StringBuilder b = new StringBuilder(8192 + snap.processes().size() * 900);
        b.append("<header class=\"top\">\n<div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>")
                .append("<span class=\"title\">Supervisor status</span></div>\n<div class=\"ident\">")
                .append("<span id=\"identification\" title=\"identification\">").append(Html.esc(snap.identification()))
                .append("</span> <span class=\"sep\">&middot;</span> <span id=\"supervisor-state\">")
                .append(Html.esc(snap.supervisorState())).append("</span> <span class=\"sep\">&middot;</span> ")
                .append("<span id=\"live\" class=\"live off\" title=\"live updates\">static</span></div>\n</header>\n");
        b.append("<main>\n<div id=\"banner\" class=\"banner ")
                .append(message == null ? "" : isError(message) ? "error" : "ok").append("\" role=\"status\"")
                .append(message == null ? " hidden" : "").append("><span id=\"banner-text\">")
                .append(Html.esc(message)).append("</span><button type=\"button\" id=\"banner-close\" class=\"close\" ")
                .append("aria-label=\"Dismiss\">&times;</button></div>\n");
        b.append("<div class=\"toolbar\">\n<ul class=\"buttons\" id=\"buttons\">\n");
        for (String a : Actions.PAGE_ACTIONS) {
            b.append("<li><a class=\"button\" href=\"index.html?action=").append(a).append("\" data-action=\"").append(a)
                    .append("\">").append(label(a)).append("</a></li>\n");
        }
        b.append("</ul>\n<div class=\"filters\">\n")
                .append("<input type=\"search\" id=\"filter\" placeholder=\"Filter by name\" aria-label=\"Filter by name\">\n")
                .append("<select id=\"state-filter\" aria-label=\"Filter by state\">")
                .append("<option value=\"\">All states</option><option value=\"RUNNING\">Running</option>")
                .append("<option value=\"STOPPED,EXITED\">Stopped or exited</option>")
                .append("<option value=\"FATAL,BACKOFF,UNKNOWN\">Failing</option>")
                .append("<option value=\"STARTING,STOPPING\">Starting or stopping</option></select>\n")
                .append("</div>\n</div>\n<p id=\"summary\" class=\"summary\">").append(Html.esc(summary(snap.processes())))
                .append("</p>\n");
        if (snap.processes().isEmpty()) {
            b.append("<p id=\"empty\" class=\"empty\">No programs to manage</p>\n");
        }
        b.append("<table id=\"processes\" class=\"processes\"").append(snap.processes().isEmpty() ? " hidden" : "")
                .append(">\n<thead><tr><th class=\"state\">State</th><th class=\"desc\">Description</th>")
                .append("<th class=\"name\">Name</th><th class=\"action\">Action</th></tr></thead>\n<tbody id=\"rows\">\n");
        Map<String, List<ProcessInfo>> groups = new LinkedHashMap<>();
        for (ProcessInfo p : snap.processes()) {
            groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
        }
        boolean shade = false;
        for (Map.Entry<String, List<ProcessInfo>> g : groups.entrySet()) {
            List<ProcessInfo> members = g.getValue();
            boolean realGroup = members.size() > 1 || !members.get(0).name().equals(g.getKey());
            if (realGroup) {
                groupRow(b, g.getKey(), members.size());
            }
            for (ProcessInfo p : members) {
                row(b, p, shade);
                shade = !shade;
            }
        }
        b.append("</tbody>\n</table>\n</main>\n");
        b.append("<footer class=\"bottom\"><span>jsupervisor, compatible with Supervisor <span id=\"version\">")
                .append(ReferenceVersion.SUPERVISOR).append("</span></span> <span class=\"sep\">&middot;</span> ")
                .append("<span>pid ").append(snap.pid()).append("</span> <span class=\"sep\">&middot;</span> ")
                .append("<a href=\"tail.html?main=1\" id=\"mainlog\" target=\"_blank\">")
                .append("activity log</a></footer>\n");
        return Web.page("Supervisor Status", "status.js", "status", b.toString());
    }

    static String summary(List<ProcessInfo> all) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ProcessInfo p : all) {
            counts.merge(p.statename().toLowerCase(), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder().append(all.size()).append(all.size() == 1 ? " process" : " processes");
        String sep = ": ";
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            b.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return b.toString();
    }

    private static void groupRow(StringBuilder b, String group, int size) {
        String spec = Html.esc(Html.query(group + ":*"));
        b.append("<tr class=\"group\" data-group=\"").append(Html.esc(group)).append("\"><td colspan=\"3\" class=\"groupname\">")
                .append("group <strong>").append(Html.esc(group)).append("</strong> <span class=\"count\">(")
                .append(size).append(")</span></td><td class=\"action\"><ul>");
        for (String a : List.of("start", "stop", "restart")) {
            b.append("<li><a href=\"index.html?processname=").append(spec).append("&amp;action=").append(a)
                    .append("\" data-action=\"").append(a).append("\" data-process=\"").append(Html.esc(group + ":*"))
                    .append("\">").append(label(a)).append(" group</a></li>");
        }
        b.append("</ul></td></tr>\n");
    }

    private static void row(StringBuilder b, ProcessInfo p, boolean shade) {
        String spec = p.namespec();
        String q = Html.esc(Html.query(spec));
        String e = Html.esc(spec);
        b.append("<tr class=\"proc").append(shade ? " shade" : "").append("\" data-namespec=\"").append(e)
                .append("\" data-group=\"").append(Html.esc(p.group())).append("\" data-state=\"").append(p.statename())
                .append("\">\n<td class=\"status\"><span class=\"").append(Snapshot.cssClass(p.state())).append(" state-")
                .append(p.statename().toLowerCase()).append("\">").append(p.statename().toLowerCase()).append("</span></td>\n")
                .append("<td class=\"desc\"><span>").append(Html.esc(p.description())).append("</span></td>\n")
                .append("<td class=\"name\"><a href=\"tail.html?processname=").append(q).append("\" target=\"_blank\">")
                .append(e).append("</a></td>\n<td class=\"action\"><ul>");
        for (String a : Snapshot.actions(p.state())) {
            b.append("<li><a href=\"index.html?processname=").append(q).append("&amp;action=").append(a)
                    .append("\" name=\"").append(label(a)).append("\" data-action=\"").append(a)
                    .append("\" data-process=\"").append(e).append("\">").append(label(a)).append("</a></li>");
        }
        b.append("<li><a href=\"logtail/").append(q).append("\" name=\"Tail -f Stdout\" target=\"_blank\">Tail -f Stdout</a></li>")
                .append("<li><a href=\"logtail/").append(q).append("/stderr\" name=\"Tail -f Stderr\" target=\"_blank\">")
                .append("Tail -f Stderr</a></li></ul></td>\n</tr>\n");
    }
}
