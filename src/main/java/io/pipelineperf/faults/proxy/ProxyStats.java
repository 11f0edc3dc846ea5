package io.pipelineperf.faults.proxy;

/**
 * A snapshot of a proxy's counters since it started.
 *
 * @param connectionsAccepted client connections accepted on the listening port
 * @param connectionsActive connections open now
 * @param connectionsCut connections the proxy ended because of a toxic (down, timeout, reset_peer,
 *     limit_data)
 * @param upstreamConnectFailures accepted clients closed because the upstream could not be reached
 * @param upstream client to server traffic
 * @param downstream server to client traffic
 */
public record ProxyStats(
    long connectionsAccepted,
    long connectionsActive,
    long connectionsCut,
    long upstreamConnectFailures,
    DirectionStats upstream,
    DirectionStats downstream) {

  /**
   * Bytes of one direction.
   *
   * @param bytesReceived read by the proxy from the sending side
   * @param bytesSent written by the proxy to the receiving side
   */
  public record DirectionStats(long bytesReceived, long bytesSent) {}

  public DirectionStats of(Direction direction) {
    return direction == Direction.UPSTREAM ? upstream : downstream;
  }
}
