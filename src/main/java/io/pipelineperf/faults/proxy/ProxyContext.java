package io.pipelineperf.faults.proxy;

import java.net.InetSocketAddress;

/** What every connection of one proxy shares: where to connect, limits, toxics, counters. */
final class ProxyContext {
  final String name;
  final String upstreamHost;
  final int upstreamPort;
  final long maxBufferedBytes;
  final long connectTimeoutNanos;
  final ProxyCounters counters = new ProxyCounters();
  private volatile ToxicSnapshot toxics = ToxicSnapshot.EMPTY;

  ProxyContext(
      String name,
      String upstreamHost,
      int upstreamPort,
      long maxBufferedBytes,
      long connectTimeoutNanos) {
    this.name = name;
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.maxBufferedBytes = maxBufferedBytes;
    this.connectTimeoutNanos = connectTimeoutNanos;
  }

  /** Resolved per connection, so a changed name resolution is honoured by new connections. */
  InetSocketAddress upstreamAddress() {
    return new InetSocketAddress(upstreamHost, upstreamPort);
  }

  ToxicSnapshot toxics() {
    return toxics;
  }

  void publish(ToxicSnapshot snapshot) {
    toxics = snapshot;
  }
}
