package io.jsupervisor.platform.supervisorctl;

import java.io.IOException;
import java.io.InputStream;

/**
 * echo_supervisord_conf: prints a sample configuration that covers every section and option,
 * each with its default, and that supervisord (ours and the reference's) accepts as it is.
 * Arguments are ignored, as the reference ignores them.
 */
public final class EchoSupervisordConf {
    private EchoSupervisordConf() {}

    public static void main(String[] args) throws IOException {
        try (InputStream in = EchoSupervisordConf.class.getResourceAsStream("sample.conf")) {
            if (in == null) {
                System.err.println("echo_supervisord_conf: sample.conf missing from the class path");
                System.exit(1);
            }
            System.out.write(in.readAllBytes());
        }
        System.out.flush();
        if (System.out.checkError()) {
            System.exit(1);
        }
    }
}
