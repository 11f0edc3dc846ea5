package io.pipelineperf.bench.history;

/**
 * One step of a benchmark run as history keeps it. Latencies in ms; CPU in microseconds of CPU time
 * per message for the service, the broker, PostgreSQL and the load generator (injector), measured
 * from {@code /proc} over the step's measured phase (older records: the service and injector from
 * their samplers, the rest of the machine as {@code otherCpuUsPerMsg}); memory in MB at the end of
 * the measured phase (RSS of a JVM, PSS summed over PostgreSQL's processes); null when not
 * measured. {@code phase} is {@code search} or {@code curve}; {@code repeat} counts the runs of a
 * rate from 1.
 */
public record HistoryStep(
    String kind,
    double rate,
    boolean holds,
    Double achievedMsgPerSec,
    Double e2eP50Ms,
    Double e2eP95Ms,
    Double e2eP99Ms,
    Double ackP99Ms,
    Double serviceCpuUsPerMsg,
    Double injectorCpuUsPerMsg,
    Double otherCpuUsPerMsg,
    Long lost,
    Double serviceBatchMeanMs,
    String phase,
    Integer repeat,
    Double brokerCpuUsPerMsg,
    Double postgresCpuUsPerMsg,
    Double serviceMemMb,
    Double brokerMemMb,
    Double postgresMemMb,
    Double injectorMemMb,
    Double errorRatePct) {}
