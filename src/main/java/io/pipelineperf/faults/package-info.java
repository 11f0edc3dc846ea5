/**
 * Fault injection for resilience runs: network faults (see {@code proxy}), database faults (see
 * {@code db}), DNS; process signals are in {@code io.pipelineperf.stack.Signals}.
 */
package io.pipelineperf.faults;
