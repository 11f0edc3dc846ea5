/**
 * Fault injection for resilience runs: network faults (see {@code proxy}), process signals, DNS.
 */
package io.pipelineperf.faults;
