package io.jsupervisor.platform.supervisorctl;

import io.jsupervisor.platform.supervisorctl.RpcClient.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The actions on supervisord itself: shutdown, reload, open, version. */
final class DaemonControl extends ActionGroup {
    DaemonControl(Supervisorctl ctl) {
        super(ctl);
    }

    private boolean confirm(String question) {
        if (!ctl.interactive) {
            return true;
        }
        try {
            String a = Shell.ask(ctl, question);
            return a != null && a.toLowerCase().startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    void shutdown(String arg) throws Fault {
        if (refusesArguments("shutdown", arg)) {
            return;
        }
        if (!confirm("Really shut the remote supervisord process down y/N? ")) {
            return;
        }
        try {
            ctl.rpc().call("supervisor.shutdown");
            out("Shut down");
        } catch (Fault f) {
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: already shutting down");
            } else {
                ctl.exitstatus = Supervisorctl.GENERIC;
                throw f;
            }
        } catch (RpcClient.ConnectError e) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (e.kind.equals("ECONNREFUSED")) {
                out("ERROR: " + ctl.serverurl + " refused connection (already shut down?)");
            } else if (e.kind.equals("ENOENT")) {
                out("ERROR: " + ctl.serverurl + " no such file (already shut down?)");
            } else {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void reload(String arg) throws Fault {
        if (refusesArguments("reload", arg)) {
            return;
        }
        if (!confirm("Really restart the remote supervisord process y/N? ")) {
            return;
        }
        try {
            ctl.call("supervisor.restart");
            out("Restarted supervisord");
        } catch (Fault f) {
            ctl.exitstatus = Supervisorctl.GENERIC;
            if (f.code == Supervisorctl.SHUTDOWN_STATE) {
                out("ERROR: already shutting down");
            } else {
                throw f;
            }
        }
    }

    void open(String arg) throws Fault {
        String url = arg.strip();
        int colon = url.indexOf(':');
        String scheme = colon > 0 ? url.substring(0, colon).toLowerCase() : "";
        if (!scheme.equals("unix") && !scheme.equals("http")) {
            out("ERROR: url must be http:// or unix://");
            ctl.exitstatus = Supervisorctl.GENERIC;
            return;
        }
        ctl.serverurl = url;
        int old = ctl.exitstatus;
        new StatusQueries(ctl).status("");
        ctl.exitstatus = old;
    }

    void version(String arg) throws Fault {
        if (refusesArguments("version", arg)) {
            return;
        }
        if (!ctl.upcheck()) {
            return;
        }
        out(String.valueOf(ctl.call("supervisor.getSupervisorVersion")));
    }
}
