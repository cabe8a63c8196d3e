package io.jsupervisor.rpcinterface.internal;

import java.io.IOException;
import java.nio.file.Path;
import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/**
 * {@code chown = user} or {@code user:group} on the socket: the user's own group unless one is
 * named, as the reference's colon_separated_user_group. Uses jnr-posix from the launcher (loaded
 * only when a chown is configured: its first call is slow).
 */
final class Chown {
    private Chown() {}

    static void apply(Path file, Path shownAs, String spec) throws IOException {
        POSIX px = POSIXFactory.getNativePOSIX();
        String user = spec;
        String group = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            user = spec.substring(0, colon);
            group = spec.substring(colon + 1);
        }
        int uid;
        int gid;
        Passwd pw = isNumber(user) ? px.getpwuid(Integer.parseInt(user)) : px.getpwnam(user);
        if (pw == null) {
            if (!isNumber(user)) {
                throw new IOException("Invalid sockchown value " + spec);
            }
            uid = Integer.parseInt(user);
            gid = -1;
        } else {
            uid = (int) pw.getUID();
            gid = (int) pw.getGID();
        }
        if (group != null) {
            if (isNumber(group)) {
                gid = Integer.parseInt(group);
            } else {
                Group g = px.getgrnam(group);
                if (g == null) {
                    throw new IOException("Invalid sockchown value " + spec);
                }
                gid = (int) g.getGID();
            }
        }
        if (px.lchown(file.toString(), uid, gid) != 0) { // never through a link at that name
            int errno = px.errno();
            if (errno == 1) { // EPERM
                String me = px.getpwuid(px.geteuid()) == null ? String.valueOf(px.geteuid())
                        : px.getpwuid(px.geteuid()).getLoginName();
                throw new IOException("Not permitted to chown " + shownAs + " to uid/gid (" + uid + ", " + gid
                        + "); adjust \"sockchown\" value in config file or on command line to values that the "
                        + "current user (" + me + ") can successfully chown");
            }
            throw new IOException("cannot chown " + shownAs + ": errno " + errno);
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
