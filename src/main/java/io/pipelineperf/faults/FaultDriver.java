package io.pipelineperf.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a {@link FaultPlan} on its own thread: at {@code start + at} injects each fault in order
 * (each {@code stagger} seconds after the one before), and at {@code start + at + hold} heals them
 * all at once, stamping every step. A fault that cannot run here is recorded as skipped and never
 * injected. {@link #close} cuts the waits short but always heals what was injected (a run that ends
 * early never leaves a broker down).
 */
public final class FaultDriver implements AutoCloseable {

  /** How long {@link #close} waits for the heals to finish. */
  static final Duration HEAL_WAIT = Duration.ofMinutes(3);

  /**
   * What happened to one fault; times are epoch ms, null when the step did not happen.
   *
   * @param healedAt when its heal started (recovery counts from here)
   * @param healDoneAt when its heal returned (a restart waits for readiness)
   * @param error why inject or heal failed; null when both worked
   */
  public record Injected(
      String id,
      String description,
      String handledMeans,
      String skipReason,
      Long injectedAt,
      Long healedAt,
      Long healDoneAt,
      String error) {

    public boolean skipped() {
      return skipReason != null;
    }

    /** Seconds the heal took, or null. */
    public Double healSeconds() {
      return healedAt == null || healDoneAt == null ? null : (healDoneAt - healedAt) / 1000.0;
    }
  }

  private final List<Fault> faults;
  private final FaultPlan plan;
  private final long injectAtMs;
  private final Injected[] records;
  private final CountDownLatch abort = new CountDownLatch(1);
  private final Consumer<Fault> afterInject;
  private final Thread thread;

  private FaultDriver(
      List<Fault> faults, FaultPlan plan, long measuredStartMs, Consumer<Fault> afterInject) {
    this.faults = List.copyOf(faults);
    this.afterInject = afterInject;
    this.plan = plan;
    this.injectAtMs = measuredStartMs + Math.round(plan.atSeconds() * 1000);
    this.records = new Injected[faults.size()];
    for (int i = 0; i < faults.size(); i++) {
      Fault f = faults.get(i);
      Optional<String> skip = f.skipReason();
      records[i] =
          new Injected(
              f.id(), f.description(), f.handledMeans(), skip.orElse(null), null, null, null, null);
    }
    this.thread = new Thread(this::run, "fault-driver");
    thread.setDaemon(true);
  }

  /** Starts the driver; the measured phase starts at {@code measuredStartMs} (epoch ms). */
  public static FaultDriver start(List<Fault> faults, FaultPlan plan, long measuredStartMs) {
    return start(faults, plan, measuredStartMs, f -> {});
  }

  /**
   * As {@link #start(List, FaultPlan, long)}; {@code afterInject} sees each fault once it is in.
   */
  public static FaultDriver start(
      List<Fault> faults, FaultPlan plan, long measuredStartMs, Consumer<Fault> afterInject) {
    FaultDriver driver = new FaultDriver(faults, plan, measuredStartMs, afterInject);
    driver.thread.start();
    return driver;
  }

  private void run() {
    if (!sleepUntil(injectAtMs)) {
      return;
    }
    List<Integer> injected = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      if (records[i].skipped()) {
        continue;
      }
      if (!sleepUntil(injectAtMs + Math.round(plan.injectOffsetSeconds(i) * 1000))) {
        break;
      }
      injected.add(i);
      update(i, r -> with(r, System.currentTimeMillis(), null, null, null));
      try {
        faults.get(i).inject();
        System.out.println("[fault] injected " + faults.get(i).id());
        afterInject.accept(faults.get(i));
      } catch (RuntimeException e) {
        update(i, r -> with(r, r.injectedAt(), null, null, "inject failed: " + e.getMessage()));
        System.out.println("[fault] injecting " + faults.get(i).id() + " failed: " + e);
      }
    }
    if (!injected.isEmpty()) {
      sleepUntil(injectAtMs + Math.round(plan.holdSeconds() * 1000));
    }
    healAll(injected);
  }

  /**
   * Heals every injected fault at the same moment, each on its own thread (a restart that waits for
   * readiness must not keep a slow database slow), and waits for all of them.
   */
  private void healAll(List<Integer> injected) {
    List<Thread> heals = new ArrayList<>();
    for (int k = injected.size() - 1; k >= 0; k--) {
      int i = injected.get(k);
      Thread heal = new Thread(() -> heal(i), "fault-heal-" + faults.get(i).id());
      heal.setDaemon(true);
      heal.start();
      heals.add(heal);
    }
    for (Thread heal : heals) {
      try {
        heal.join(HEAL_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void heal(int i) {
    Fault fault = faults.get(i);
    long start = System.currentTimeMillis();
    String error = null;
    try {
      fault.heal();
      System.out.println("[fault] healed " + fault.id());
    } catch (RuntimeException e) {
      error = "heal failed: " + e.getMessage();
      System.out.println("[fault] healing " + fault.id() + " failed: " + e);
    }
    String healError = error;
    long done = System.currentTimeMillis();
    update(i, r -> with(r, r.injectedAt(), start, done, r.error() == null ? healError : r.error()));
  }

  /** Sleeps until the epoch ms; false when aborted first. */
  private boolean sleepUntil(long epochMs) {
    long wait = epochMs - System.currentTimeMillis();
    try {
      return wait <= 0 || !abort.await(wait, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Injected with(
      Injected r, Long injectedAt, Long healedAt, Long healDoneAt, String error) {
    return new Injected(
        r.id(),
        r.description(),
        r.handledMeans(),
        r.skipReason(),
        injectedAt,
        healedAt,
        healDoneAt,
        error);
  }

  private synchronized void update(int i, java.util.function.UnaryOperator<Injected> change) {
    records[i] = change.apply(records[i]);
  }

  /** Epoch ms at which the faults are (or were) injected. */
  public long injectAtMs() {
    return injectAtMs;
  }

  /** Each fault's record so far, in plan order. */
  public synchronized List<Injected> records() {
    return List.of(records.clone());
  }

  /**
   * Waits until every injected fault is healed (the driver thread has ended), at most {@code max}.
   */
  public boolean awaitDone(Duration max) {
    try {
      thread.join(max.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** Cuts the waits short, heals whatever was injected and waits (bounded) for the heals. */
  @Override
  public void close() {
    abort.countDown();
    if (!awaitDone(HEAL_WAIT)) {
      System.out.println(
          "[fault] heals did not finish within " + HEAL_WAIT.toSeconds() + " s: " + records());
    }
  }
}
