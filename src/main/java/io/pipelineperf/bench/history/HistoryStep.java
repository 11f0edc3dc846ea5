package io.pipelineperf.bench.history;

/**
 * One step of a benchmark run as history keeps it. Latencies in ms; CPU in microseconds of CPU time
 * per message (of the whole machine's cores) for the service, the load generator (injector) and the
 * rest of the machine (the broker and PostgreSQL, from the host's CPU minus the two); null when not
 * measured.
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
    Double serviceBatchMeanMs) {}
