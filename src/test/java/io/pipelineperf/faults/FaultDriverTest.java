package io.pipelineperf.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The driver's schedule and bookkeeping, with faults that only record what was done to them. */
class FaultDriverTest {

  private final List<String> events = new CopyOnWriteArrayList<>();

  private Fault fault(String id, String skip, boolean injectFails) {
    return new Fault() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String description() {
        return id + " does things";
      }

      @Override
      public String handledMeans() {
        return id + " is handled";
      }

      @Override
      public void inject() {
        events.add("inject " + id);
        if (injectFails) {
          throw new FaultException("cannot inject " + id);
        }
      }

      @Override
      public void heal() {
        events.add("heal " + id);
      }

      @Override
      public Optional<String> skipReason() {
        return Optional.ofNullable(skip);
      }
    };
  }

  private static FaultPlan plan(List<String> ids, double hold) {
    return new FaultPlan(ids, 10, hold, 40, 0);
  }

  @Test
  void injectsInOrderAtTheTimeHoldsAndHealsAllAtOnce() {
    long start = System.currentTimeMillis() - 9_800; // fault.at (10 s) is 200 ms away
    FaultDriver driver =
        FaultDriver.start(
            List.of(fault("a", null, false), fault("b", null, false)),
            plan(List.of("a", "b"), 0.3),
            start);

    assertThat(driver.awaitDone(Duration.ofSeconds(10))).isTrue();

    assertThat(events).startsWith("inject a", "inject b").contains("heal a", "heal b").hasSize(4);
    List<FaultDriver.Injected> records = driver.records();
    FaultDriver.Injected a = records.get(0);
    assertThat(a.injectedAt()).isBetween(start + 10_000, start + 10_500);
    assertThat(a.healedAt() - a.injectedAt()).isBetween(300L, 1_000L);
    assertThat(a.healDoneAt()).isGreaterThanOrEqualTo(a.healedAt());
    assertThat(a.error()).isNull();
    assertThat(a.description()).isEqualTo("a does things");
    assertThat(Math.abs(records.get(1).healedAt() - a.healedAt())).isLessThan(200);
  }

  @Test
  void aStaggeredPlanInjectsOneAfterTheOther() {
    long start = System.currentTimeMillis() - 10_000;
    FaultDriver driver =
        FaultDriver.start(
            List.of(fault("a", null, false), fault("b", null, false)),
            new FaultPlan(List.of("a", "b"), 10, 1, 40, 0.4),
            start);

    assertThat(driver.awaitDone(Duration.ofSeconds(10))).isTrue();

    List<FaultDriver.Injected> records = driver.records();
    assertThat(records.get(1).injectedAt() - records.get(0).injectedAt()).isBetween(350L, 900L);
    assertThat(records.get(1).healedAt()).isBetween(start + 10_900, start + 12_000);
    assertThat(events).startsWith("inject a", "inject b").contains("heal a", "heal b").hasSize(4);
  }

  @Test
  void aFaultThatCannotRunHereIsSkippedAndNeverTouched() {
    FaultDriver driver =
        FaultDriver.start(
            List.of(fault("a", "needs tmpfs", false)),
            plan(List.of("a"), 0.1),
            System.currentTimeMillis() - 10_000);

    assertThat(driver.awaitDone(Duration.ofSeconds(5))).isTrue();

    assertThat(events).isEmpty();
    assertThat(driver.records().get(0).skipped()).isTrue();
    assertThat(driver.records().get(0).skipReason()).isEqualTo("needs tmpfs");
    assertThat(driver.records().get(0).injectedAt()).isNull();
  }

  @Test
  void aFailedInjectIsRecordedAndStillHealed() {
    FaultDriver driver =
        FaultDriver.start(
            List.of(fault("a", null, true)),
            plan(List.of("a"), 0.1),
            System.currentTimeMillis() - 10_000);

    assertThat(driver.awaitDone(Duration.ofSeconds(5))).isTrue();

    assertThat(events).containsExactly("inject a", "heal a");
    assertThat(driver.records().get(0).error()).contains("inject failed: cannot inject a");
  }

  @Test
  void closeCutsTheHoldShortButHeals() {
    FaultDriver driver =
        FaultDriver.start(
            List.of(fault("a", null, false)),
            plan(List.of("a"), 600),
            System.currentTimeMillis() - 10_000);
    long deadline = System.currentTimeMillis() + 5_000;
    while (!events.contains("inject a") && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }

    long before = System.nanoTime();
    driver.close();

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    assertThat(events).containsExactly("inject a", "heal a");
  }

  @Test
  void closeBeforeTheFaultIsDueInjectsNothing() {
    FaultDriver driver =
        FaultDriver.start(
            List.of(fault("a", null, false)), plan(List.of("a"), 1), System.currentTimeMillis());

    driver.close();

    assertThat(events).isEmpty();
    assertThat(driver.records().get(0).injectedAt()).isNull();
  }
}
