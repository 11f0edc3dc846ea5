package io.pipelineperf.faults;

import io.pipelineperf.faults.app.ServiceCrashFault;
import io.pipelineperf.faults.app.ServiceOomFault;
import io.pipelineperf.faults.app.ServicePauseFault;
import io.pipelineperf.faults.db.ConnectionsKilledFault;
import io.pipelineperf.faults.db.DeadlockFault;
import io.pipelineperf.faults.db.PoolExhaustionFault;
import io.pipelineperf.faults.db.PostgresAdmin;
import io.pipelineperf.faults.db.ProcedureErrorFault;
import io.pipelineperf.faults.db.ProcedureSlowFault;
import io.pipelineperf.faults.db.StatementTimeoutFault;
import io.pipelineperf.faults.infra.CpuOverloadFault;
import io.pipelineperf.faults.infra.DbDownFault;
import io.pipelineperf.faults.infra.DiskFullFault;
import io.pipelineperf.faults.infra.DnsFailureFault;
import io.pipelineperf.faults.infra.ProxyToxicsFault;
import io.pipelineperf.faults.infra.ProxyToxicsFault.Target;
import io.pipelineperf.faults.infra.ServiceDiscoveryFailureFault;
import io.pipelineperf.faults.kafka.BrokerDownFault;
import io.pipelineperf.faults.kafka.ConsumerRebalanceFault;
import io.pipelineperf.faults.kafka.PoisonMessagesFault;
import io.pipelineperf.faults.kafka.TopicMissingFault;
import io.pipelineperf.faults.proxy.Direction;
import io.pipelineperf.faults.proxy.Toxic;
import io.pipelineperf.stack.StackConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every fault the lab can inject, by id: {@code -Dfault=a,b} becomes one {@link Fault} (a {@link
 * Faults} composite for several). {@link #prepare(StackConfig, String)} turns on the stack wiring
 * the chosen faults need (fault proxies, host names, tmpfs).
 */
public final class FaultCatalogue {
  /** The system property naming the faults of a run. */
  public static final String PROPERTY = "fault";

  /** What a fault needs from the embedded stack besides its processes. */
  public enum Need {
    PROXIES,
    DNS,
    DISK
  }

  /** One catalogue entry. */
  public record Entry(
      String id, String group, Set<Need> needs, Function<FaultContext, Fault> factory) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    // Kafka
    add("broker-down", "kafka", none(), BrokerDownFault::new);
    add(
        "broker-slow-network",
        "kafka",
        EnumSet.of(Need.PROXIES),
        c ->
            new ProxyToxicsFault(
                "broker-slow-network",
                "the service's network path to the broker gets 100 ms +-30 ms latency in each"
                    + " direction (fault proxy); heal removes it.",
                "the service keeps up at a lower rate, no request timeout turns into a lost or"
                    + " duplicated message, consumers are not evicted, throughput recovers after"
                    + " heal",
                c,
                List.of(
                    Target.kafka(
                        List.of(
                            Toxic.latency(Direction.UPSTREAM, 100, 30),
                            Toxic.latency(Direction.DOWNSTREAM, 100, 30))))));
    add(
        "broker-partition",
        "kafka",
        EnumSet.of(Need.PROXIES),
        c ->
            new ProxyToxicsFault(
                "broker-partition",
                "the service is cut from the broker: its Kafka connections (open and new) are"
                    + " blackholed in both directions, bytes neither arrive nor fail, as in a"
                    + " network partition; load generators on the direct listener are not"
                    + " affected. Heal lets traffic flow again.",
                "the service detects the partition by timeouts, reports not-ready, commits nothing"
                    + " it did not write, and resumes by itself after heal; messages produced"
                    + " meanwhile are processed exactly once afterwards",
                c,
                List.of(
                    Target.kafka(
                        List.of(
                            Toxic.blackhole(Direction.UPSTREAM),
                            Toxic.blackhole(Direction.DOWNSTREAM))))));
    add("consumer-rebalance", "kafka", none(), ConsumerRebalanceFault::new);
    add("poison-messages", "kafka", none(), PoisonMessagesFault::new);
    add("topic-missing", "kafka", none(), TopicMissingFault::new);
    // application
    add("service-crash", "app", none(), ServiceCrashFault::new);
    add("service-pause", "app", none(), ServicePauseFault::new);
    add("service-oom", "app", none(), ServiceOomFault::new);
    // infrastructure
    add("cpu-overload", "infra", none(), CpuOverloadFault::new);
    add("disk-full", "infra", EnumSet.of(Need.DISK), DiskFullFault::new);
    add(
        "network-partition",
        "infra",
        EnumSet.of(Need.PROXIES),
        c ->
            new ProxyToxicsFault(
                "network-partition",
                "the service is cut from both the broker and PostgreSQL: its connections through"
                    + " both fault proxies are blackholed in both directions until heal.",
                "the service neither crashes nor loses or duplicates messages: it reports"
                    + " not-ready, retries with backoff, and recovers by itself after heal",
                c,
                List.of(
                    Target.kafka(
                        List.of(
                            Toxic.blackhole(Direction.UPSTREAM),
                            Toxic.blackhole(Direction.DOWNSTREAM))),
                    Target.db(
                        List.of(
                            Toxic.blackhole(Direction.UPSTREAM),
                            Toxic.blackhole(Direction.DOWNSTREAM))))));
    add("dns-failure", "infra", EnumSet.of(Need.PROXIES, Need.DNS), DnsFailureFault::new);
    add(
        "service-discovery-failure",
        "infra",
        EnumSet.of(Need.PROXIES, Need.DNS),
        ServiceDiscoveryFailureFault::new);
    // database
    add("db-down", "db", none(), DbDownFault::new);
    add(
        ProcedureSlowFault.ID,
        "db",
        none(),
        c -> new ProcedureSlowFault(c.admin(), Duration.ofMillis(200), 0.5));
    add(
        StatementTimeoutFault.ID,
        "db",
        none(),
        c -> new StatementTimeoutFault(c.admin(), Duration.ofMillis(500), 0.2));
    add(
        PoolExhaustionFault.ID,
        "db",
        none(),
        c ->
            new PoolExhaustionFault(
                c.admin(), PostgresAdmin.SERVICE_APPLICATION_NAME, c.maxHold()));
    add(
        DeadlockFault.ID,
        "db",
        none(),
        c -> new DeadlockFault(c.admin(), PostgresAdmin.SERVICE_APPLICATION_NAME, c.maxHold()));
    add(
        ProcedureErrorFault.ID,
        "db",
        none(),
        c -> new ProcedureErrorFault(c.admin(), "40001", 0.2));
    add(
        ConnectionsKilledFault.ID,
        "db",
        none(),
        c ->
            ConnectionsKilledFault.repeatedly(
                c.admin(),
                PostgresAdmin.SERVICE_APPLICATION_NAME,
                Duration.ofSeconds(2),
                c.maxHold()));
  }

  private FaultCatalogue() {}

  private static Set<Need> none() {
    return EnumSet.noneOf(Need.class);
  }

  private static void add(
      String id, String group, Set<Need> needs, Function<FaultContext, Fault> factory) {
    ENTRIES.put(id, new Entry(id, group, Set.copyOf(needs), factory));
  }

  /** Every fault id, grouped (kafka, app, infra, db) in catalogue order. */
  public static List<String> ids() {
    return List.copyOf(ENTRIES.keySet());
  }

  public static Entry entry(String id) {
    Entry e = ENTRIES.get(id);
    if (e == null) {
      throw unknown(id);
    }
    return e;
  }

  /** One fault by id. */
  public static Fault create(String id, FaultContext context) {
    Fault fault = entry(id).factory().apply(context);
    if (!fault.id().equals(id)) {
      throw new IllegalStateException("catalogue entry " + id + " made fault " + fault.id());
    }
    return fault;
  }

  /**
   * Parses a comma list such as {@code "broker-down, db-slow"}: every id checked (unknown ones fail
   * with the list of valid ids), duplicates rejected, blank entries ignored.
   */
  public static List<String> parseIds(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String raw : list.split(",")) {
      String id = raw.trim();
      if (id.isEmpty()) {
        continue;
      }
      entry(id);
      if (!ids.add(id)) {
        throw new IllegalArgumentException(
            "-D" + PROPERTY + " names '" + id + "' twice: name each fault once");
      }
    }
    return List.copyOf(ids);
  }

  /** The fault(s) of a comma list: one fault, or a composite injecting them in order. */
  public static Fault parse(String list, FaultContext context) {
    List<String> ids = parseIds(list);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(
          "no fault named: pass -D" + PROPERTY + "=<id>[,<id>...], one of " + ids());
    }
    List<Fault> faults = new ArrayList<>();
    ids.forEach(id -> faults.add(create(id, context)));
    return faults.size() == 1 ? faults.get(0) : Faults.of(faults);
  }

  /** The faults named by {@code -Dfault}, if any. */
  public static Optional<Fault> fromSystemProperties(FaultContext context) {
    String list = System.getProperty(PROPERTY);
    return parseIds(list).isEmpty() ? Optional.empty() : Optional.of(parse(list, context));
  }

  /** What the named faults need from the stack. */
  public static Set<Need> needs(String list) {
    Set<Need> needs = EnumSet.noneOf(Need.class);
    parseIds(list).forEach(id -> needs.addAll(entry(id).needs()));
    return needs;
  }

  /** The config with the wiring the named faults need turned on (the rest left as it is). */
  public static StackConfig prepare(StackConfig config, String list) {
    Set<Need> needs = needs(list);
    StackConfig c = config;
    if (needs.contains(Need.PROXIES)) {
      c = c.withFaultProxies(true);
    }
    if (needs.contains(Need.DNS)) {
      c = c.withFaultDns(true);
    }
    if (needs.contains(Need.DISK)) {
      c = c.withFaultDisk(true, c.faultDiskSize());
    }
    return c;
  }

  private static IllegalArgumentException unknown(String id) {
    return new IllegalArgumentException(
        "unknown fault '"
            + id
            + "' in -D"
            + PROPERTY
            + ": valid ids are "
            + String.join(", ", ENTRIES.keySet()));
  }
}
