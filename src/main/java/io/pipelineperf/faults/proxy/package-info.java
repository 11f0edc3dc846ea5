/**
 * A TCP fault proxy with Toxiproxy's vocabulary: {@link io.pipelineperf.faults.proxy.FaultProxy}
 * forwards 127.0.0.1:port to an upstream and applies {@link io.pipelineperf.faults.proxy.Toxic}s
 * per {@link io.pipelineperf.faults.proxy.Direction}, added and removed at runtime.
 */
package io.pipelineperf.faults.proxy;
