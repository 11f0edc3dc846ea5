package io.pipelineperf.faults.proxy;

/** The direction of traffic through a proxy, named like Toxiproxy's streams. */
public enum Direction {
  /** Client to server: bytes the proxy reads from the client and writes to the upstream. */
  UPSTREAM,
  /** Server to client: bytes the proxy reads from the upstream and writes to the client. */
  DOWNSTREAM
}
