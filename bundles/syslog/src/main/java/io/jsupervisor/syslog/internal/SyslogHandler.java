package io.jsupervisor.syslog.internal;

import io.jsupervisor.api.log.DaemonLog;
import io.jsupervisor.api.log.LogHandler;
import io.jsupervisor.api.log.LogRecord;
import io.jsupervisor.api.config.LogLevel;
import io.jsupervisor.api.process.ProcessManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Syslog output as a log handler: records the config marks for syslog ({@code logfile=syslog},
 * {@code stdout_syslog=true}, {@code stderr_syslog=true}) go to the local syslog socket the
 * way the reference sends them, and with {@code remote=} in {@code [jsupervisor.syslog]} the
 * activity log and those records also go to a remote collector as RFC 5424. Re-created with
 * each (re)start of the daemon, so it always follows the config in use. Records arrive on the
 * core's log-handler thread, one at a time.
 */
@Component(service = LogHandler.class)
public final class SyslogHandler implements LogHandler {
    private final SyslogSettings settings;
    private final DaemonLog log;
    private final long pid = ProcessHandle.current().pid();
    private UnixDatagramChannel local;
    private boolean localFailureReported;
    private DatagramSocket udp;
    private Socket tcp;
    private boolean remoteFailureReported;

    @Activate
    public SyslogHandler(@Reference ProcessManager manager, @Reference DaemonLog log) {
        this.log = log;
        SyslogSettings s;
        try {
            s = SyslogSettings.of(manager.config().extensions("syslog"), hostname());
        } catch (IllegalArgumentException e) {
            log.log(LogLevel.ERROR, "syslog: " + e.getMessage() + "; using the defaults");
            s = SyslogSettings.of(java.util.List.of(), hostname());
        }
        this.settings = s;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "-";
        }
    }

    @Override
    public synchronized void handle(LogRecord r) {
        boolean toRemote = settings.remote() != null
                && (r.syslog() || r.source() == LogRecord.Source.ACTIVITY);
        if (!r.syslog() && !toRemote) {
            return;
        }
        for (String text : SyslogFormat.lines(r)) {
            if (r.syslog()) {
                sendLocal(SyslogFormat.local(settings.facility(), settings.tag(), r.timeMillis(), text));
            }
            if (toRemote) {
                sendRemote(SyslogFormat.rfc5424(settings.facility(), r, settings.hostname(), settings.appName(), pid,
                        text));
            }
        }
    }

    private void sendLocal(String message) {
        ByteBuffer bytes = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
        try {
            if (local == null) {
                local = UnixDatagramChannel.open();
            }
            local.send(bytes, new UnixSocketAddress(Path.of(settings.socket()).toFile()));
            localFailureReported = false;
        } catch (IOException | RuntimeException e) {
            closeLocal();
            if (!localFailureReported) {
                localFailureReported = true;
                // the activity log may itself go to syslog: say it on stderr too
                System.err.println("jsupervisor: cannot send to syslog socket " + settings.socket() + ": " + e);
                log.log(LogLevel.ERROR, "cannot send to syslog socket " + settings.socket() + ": " + e
                        + " (reported once until a send succeeds)");
            }
        }
    }

    private void sendRemote(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            if ("udp".equals(settings.remote().getScheme())) {
                if (udp == null) {
                    udp = new DatagramSocket();
                }
                udp.send(new DatagramPacket(bytes, bytes.length,
                        new InetSocketAddress(settings.remote().getHost(), settings.remotePort())));
            } else {
                if (tcp == null) {
                    tcp = new Socket();
                    tcp.connect(new InetSocketAddress(settings.remote().getHost(), settings.remotePort()), 5000);
                }
                // RFC 6587 octet counting
                OutputStream out = tcp.getOutputStream();
                out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
            remoteFailureReported = false;
        } catch (IOException | RuntimeException e) {
            closeRemote();
            if (!remoteFailureReported) {
                remoteFailureReported = true;
                System.err.println("jsupervisor: cannot send to remote syslog " + settings.remote() + ": " + e);
                log.log(LogLevel.ERROR, "cannot send to remote syslog " + settings.remote() + ": " + e
                        + " (reported once until a send succeeds)");
            }
        }
    }

    private void closeLocal() {
        if (local != null) {
            try {
                local.close();
            } catch (IOException ignored) {
                // reopened on the next record
            }
            local = null;
        }
    }

    private void closeRemote() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // reconnected on the next record
            }
            tcp = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        closeLocal();
        closeRemote();
    }
}
