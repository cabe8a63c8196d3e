package io.jsupervisor.api.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The uptime text of supervisorctl's status column is Python's str(timedelta). */
class ProcessInfoTest {
    @Test
    void uptimeIsPythonsTimedeltaText() {
        assertEquals("0:00:00", ProcessInfo.uptime(0));
        assertEquals("0:00:09", ProcessInfo.uptime(9));
        assertEquals("0:01:02", ProcessInfo.uptime(62));
        assertEquals("1:00:00", ProcessInfo.uptime(3600));
        assertEquals("23:59:59", ProcessInfo.uptime(86399));
        assertEquals("1 day, 0:00:00", ProcessInfo.uptime(86400));
        assertEquals("1 day, 2:03:04", ProcessInfo.uptime(86400 + 2 * 3600 + 3 * 60 + 4));
        assertEquals("3 days, 0:00:01", ProcessInfo.uptime(3 * 86400 + 1));
        assertEquals("400 days, 10:10:10", ProcessInfo.uptime(400 * 86400L + 10 * 3600 + 10 * 60 + 10));
    }
}
