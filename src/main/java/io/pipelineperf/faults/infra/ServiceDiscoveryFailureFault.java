package io.pipelineperf.faults.infra;

import io.pipelineperf.faults.FaultContext;
import io.pipelineperf.faults.FaultException;
import io.pipelineperf.faults.HostsFile;
import io.pipelineperf.faults.SimpleFault;
import io.pipelineperf.stack.EmbeddedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code service-discovery-failure}: the service's source of endpoint addresses disappears. Here
 * that source is concrete: the service resolves both the broker ({@value EmbeddedStack#KAFKA_HOST})
 * and PostgreSQL ({@value EmbeddedStack#DB_HOST}) only through the stack's hosts file (the role a
 * service registry or DNS zone plays in production). Inject moves that file away, so every lookup
 * fails (not just one name, unlike {@code dns-failure}), and resets the service's open connections
 * to both once through the fault proxies, so it must look its endpoints up again. Heal puts the
 * file back.
 */
public final class ServiceDiscoveryFailureFault extends SimpleFault {
  public static final String ID = "service-discovery-failure";

  public ServiceDiscoveryFailureFault(FaultContext context) {
    super(
        ID,
        "the hosts file from which the service resolves the broker and PostgreSQL (its only"
            + " source of endpoints) disappears and its open connections to both are reset once:"
            + " no endpoint can be looked up until heal restores the file.",
        "the service keeps its process, retries lookups with backoff, commits no offset for"
            + " unwritten messages, reports not-ready, and recovers by itself after heal; nothing"
            + " lost, nothing written twice",
        context);
  }

  @Override
  public Optional<String> skipReason() {
    Optional<String> reason = context.requireHostsFile();
    return reason.isPresent() ? reason : context.requireProxies();
  }

  private Path hostsPath() {
    HostsFile hosts =
        context
            .hostsFile()
            .orElseThrow(() -> new FaultException(ID + ": " + skipReason().orElse("")));
    return hosts.path();
  }

  private Path withheld() {
    Path hosts = hostsPath();
    return hosts.resolveSibling(hosts.getFileName() + ".withheld");
  }

  @Override
  public synchronized void inject() {
    try {
      Files.move(
          hostsPath(),
          withheld(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FaultException(ID + ": cannot move " + hostsPath() + " away: " + e, e);
    }
    context.kafkaProxy().ifPresent(DnsFailureFault::resetConnections);
    context.dbProxy().ifPresent(DnsFailureFault::resetConnections);
  }

  @Override
  public synchronized void heal() {
    Path withheld = withheld();
    if (!Files.exists(withheld)) {
      return;
    }
    try {
      Files.move(
          withheld,
          hostsPath(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FaultException(ID + ": cannot restore " + hostsPath() + ": " + e, e);
    }
  }
}
