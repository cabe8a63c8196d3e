package io.jsupervisor.api.log;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A destination for log lines, added by a bundle: register it as an OSGi service and it
 * receives every line of the activity log and the output of the children whose config asks for
 * syslog ({@code stdout_syslog=true}, {@code stderr_syslog=true}); with the service property
 * {@value #ALL_CHILD_OUTPUT_PROPERTY}{@code =true} it receives every child's output.
 *
 * <p>Records are handed over on one dispatch thread of the core, through a bounded queue, so a
 * slow destination never blocks a child or the engine; when the queue is full records are
 * dropped, counted and the count is reported in the activity log. A handler that throws loses
 * only that record.
 */
@ConsumerType
@FunctionalInterface
public interface LogHandler {
    /** Service property: {@code true} to receive the output of every child. */
    String ALL_CHILD_OUTPUT_PROPERTY = "jsupervisor.log.allchildren";

    void handle(LogRecord record) throws Exception;
}
