package io.pipelineperf.faults.infra;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.HostsFile;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.faults.proxy.Direction;
import io.pipelineperf.faults.proxy.FaultProxy;
import io.pipelineperf.faults.proxy.Toxic;
import io.pipelineperf.stack.EmbeddedStack;
import java.util.Optional;

/**
 * {@code dns-failure}: the broker's host name ({@value EmbeddedStack#KAFKA_HOST}) stops resolving
 * for the service (removed from the hosts file it resolves from, no caching); heal maps it back. A
 * lookup only happens on (re)connect, so inject also resets the service's open broker connections
 * once through the Kafka fault proxy, as a broker failover would.
 */
public final class DnsFailureFault extends SimpleFault {
  public static final String ID = "dns-failure";
  private static final String RESET = "dns-failure-reset";
  private static final long RESET_MILLIS = 300;

  public DnsFailureFault(FaultContext context) {
    super(
        ID,
        "the broker's host name "
            + EmbeddedStack.KAFKA_HOST
            + " stops resolving for the service (UnknownHostException on every lookup) and its"
            + " open broker connections are reset once, so every reconnect needs a lookup; heal"
            + " makes the name resolve again.",
        "the service keeps retrying the lookup with backoff instead of crashing, reports not-ready,"
            + " and reconnects by itself once the name resolves; nothing lost, nothing written"
            + " twice",
        context);
  }

  @Override
  public Optional<String> skipReason() {
    Optional<String> reason = context.requireHostsFile();
    return reason.isPresent() ? reason : context.requireProxies();
  }

  private HostsFile hosts() {
    return context
        .hostsFile()
        .orElseThrow(() -> new FaultException(ID + ": " + skipReason().orElse("")));
  }

  @Override
  public void inject() {
    hosts().unmap(EmbeddedStack.KAFKA_HOST);
    context.kafkaProxy().ifPresent(DnsFailureFault::resetConnections);
  }

  /** Resets every open connection through the proxy (and any opened in the next moment). */
  static void resetConnections(FaultProxy proxy) {
    if (proxy.toxic(RESET).isPresent()) {
      return;
    }
    proxy.add(Toxic.resetPeer(Direction.DOWNSTREAM, 0).named(RESET));
    try {
      Thread.sleep(RESET_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      proxy.remove(RESET);
    }
  }

  @Override
  public void heal() {
    hosts().map(EmbeddedStack.KAFKA_HOST, "127.0.0.1");
  }
}
