package io.pipelineperf.gatling;

import io.gatling.core.session.Session;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out each message's due time from the load profile of its scenario, however late the action
 * actually runs.
 *
 * <p>A user takes its scenario's next index when it starts ({@link #onUserStart}, Gatling's
 * protocol hook, before any of the user's own actions can be held up). The first tracked action of
 * the user ({@code send} or {@code trackOutcome}) is due at that index's time; the user's later
 * tracked actions are due when they run: within one user the model is closed (each waits for the
 * previous), so their latency counts from their own start. They keep the user's phase and third.
 *
 * <p>A profile schedules one scenario: {@code kafka().schedule(profile)} the one scenario that
 * sends tracked messages, {@code schedule("name", profile)} a named one. There is no unscheduled
 * mode: due times taken from the moment an action runs hide every stall of the load generator
 * (coordinated omission) and put every message in the first third of the measured phase, so the
 * degradation check could not fail.
 */
public final class IntendedTimes {

  private static final Logger LOG = LoggerFactory.getLogger(IntendedTimes.class);

  private final LoadProfile defaultProfile;
  private final Map<String, LoadProfile> byScenario;
  private final Map<String, ScenarioSchedule> schedules = new ConcurrentHashMap<>();
  private final AtomicReference<String> defaultScenario = new AtomicReference<>();
  private final AtomicInteger scheduledScenarios = new AtomicInteger();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  private IntendedTimes(LoadProfile defaultProfile, Map<String, LoadProfile> byScenario) {
    this.defaultProfile = defaultProfile;
    this.byScenario = Map.copyOf(byScenario);
  }

  /** One profile for the one scenario that sends tracked messages. */
  public static IntendedTimes of(LoadProfile profile) {
    return of(profile, Map.of());
  }

  /**
   * Profiles by scenario name, and a default (may be null) for one scenario not named. Fails when
   * there is none at all.
   */
  public static IntendedTimes of(LoadProfile defaultProfile, Map<String, LoadProfile> byScenario) {
    if (defaultProfile == null && byScenario.isEmpty()) {
      throw new IllegalStateException(
          "kafka() has no schedule: add .schedule(profile) with the load profile the scenario is"
              + " injected with (due times need it; without them latency hides every stall)");
    }
    return new IntendedTimes(defaultProfile, byScenario);
  }

  /**
   * Called once for each scenario that has tracked actions, while Gatling builds the scenarios
   * (before any load): fails when there are more such scenarios than profiles.
   */
  void expectScheduledScenario() {
    int scenarios = scheduledScenarios.incrementAndGet();
    int profiles = byScenario.size() + (defaultProfile == null ? 0 : 1);
    if (scenarios > profiles) {
      throw new IllegalStateException(
          scenarios
              + " scenarios send tracked messages but kafka() schedules "
              + profiles
              + ": give each its own with .schedule(\"<scenario name>\", profile)"
              + " (named: "
              + byScenario.keySet()
              + ")");
    }
  }

  /** Gives a starting user of a scheduled scenario its place in the scenario's schedule. */
  public Session onUserStart(Session session) {
    long now = EpochNanos.now();
    ScenarioSchedule schedule = scheduleOf(session.scenario());
    UserSlot user = schedule == null ? null : new UserSlot(schedule, schedule.nextIndex(), now);
    return user == null ? session : session.set(SessionKeys.USER_SLOT, user);
  }

  /**
   * The slot of a tracked action: the user's scheduled slot for its first, due now for later ones.
   */
  public Slot slot(Session session) {
    long now = EpochNanos.now();
    Object value = new io.gatling.javaapi.core.Session(session).get(SessionKeys.USER_SLOT);
    if (value instanceof UserSlot user) {
      return user.claim(now);
    }
    if (reported.add(session.scenario())) {
      LOG.error(
          "Scenario '{}' has no schedule (kafka() schedules {} and a default: {}); its messages are"
              + " due when they run, which hides stalls",
          session.scenario(),
          byScenario.keySet(),
          defaultProfile != null);
    }
    return new Slot(now, Phase.MEASURED, -1);
  }

  private ScenarioSchedule scheduleOf(String scenario) {
    ScenarioSchedule known = schedules.get(scenario);
    if (known != null) {
      return known;
    }
    LoadProfile profile = byScenario.get(scenario);
    if (profile == null && defaultProfile != null) {
      // the first unnamed scenario to start takes the default (its users may race for it)
      defaultScenario.compareAndSet(null, scenario);
      profile = scenario.equals(defaultScenario.get()) ? defaultProfile : null;
    }
    if (profile == null) {
      return null;
    }
    LoadProfile chosen = profile;
    return schedules.computeIfAbsent(scenario, name -> new ScenarioSchedule(name, chosen));
  }

  /** Epoch nanos of a scenario's (estimated) injection start, 0 before its first user. */
  public long startEpochNanos(String scenario) {
    ScenarioSchedule schedule = schedules.get(scenario);
    return schedule == null ? 0 : schedule.anchorEpochNanos();
  }

  /** A user's place in its scenario's schedule; the first tracked action claims it. */
  private static final class UserSlot {
    private final ScenarioSchedule schedule;
    private final long index;
    private final long startedEpochNanos;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile Slot scheduled;

    UserSlot(ScenarioSchedule schedule, long index, long startedEpochNanos) {
      this.schedule = schedule;
      this.index = index;
      this.startedEpochNanos = startedEpochNanos;
    }

    Slot claim(long now) {
      if (claimed.compareAndSet(false, true)) {
        scheduled = schedule.slot(index, startedEpochNanos);
        return scheduled;
      }
      Slot first = scheduled != null ? scheduled : schedule.slot(index, startedEpochNanos);
      return new Slot(now, first.phase(), first.third());
    }

    @Override
    public String toString() {
      return schedule.scenario() + " #" + index;
    }
  }
}
