package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.monitor.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The DB sessions signal of the leak check ({@code db.serviceSessions}, one sample a second). */
class SessionLeakSignalTest {

  private static final double MB = 1024 * 1024;

  /**
   * 40 measured seconds: a flat heap (so the heap is STABLE), the service's sessions as given
   * (null: no database sampled).
   */
  private static LeakReport analyse(IntToDoubleFunction sessions) {
    List<Sample> samples = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      Map<String, Double> v = new HashMap<>();
      v.put("jmx.heap.afterGc.bytes", 30 * MB);
      v.put("jmx.threads.live", 40.0);
      v.put("jmx.fd.open", 120.0);
      if (sessions != null) {
        v.put("db.serviceSessions", sessions.applyAsDouble(s));
      }
      samples.add(new Sample(1_000_000L + s * 1000L, "measured", v));
    }
    return LeakAnalysis.analyse(samples, null, List.of(), 1500, LeakAnalysis.Settings.defaults());
  }

  @Test
  void sessionsThatKeepRisingAreALeakAndFailTheCheck() {
    // the pool's 10, plus one session leaked every other second
    LeakReport r = analyse(s -> 10 + s / 2);

    assertThat(r.dbSessions().verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.dbSessions().lastHalfSlopePerMinute()).isBetween(25.0, 35.0);
    assertThat(r.verdict()).isEqualTo(LeakVerdict.LEAK);
    assertThat(r.assertions().get(0).passed()).isFalse();
    assertThat(r.assertions().get(0).description()).contains("DB sessions LEAK");
    assertThat(r.line()).contains("DB sessions LEAK (+30/min, 10 -> 29)");
  }

  @Test
  void aFixedPoolIsStable() {
    LeakReport r = analyse(s -> 10);

    assertThat(r.dbSessions().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.line()).contains("DB sessions STABLE");
  }

  @Test
  void aPoolThatFillsThenHoldsIsStable() {
    // Hikari opening its connections in the first seconds, then holding them
    LeakReport r = analyse(s -> Math.min(10, 2 + s));

    assertThat(r.dbSessions().verdict()).isEqualTo(LeakVerdict.STABLE);
  }

  @Test
  void aSessionReplacedByThePoolIsStable() {
    // a connection evicted and reopened in the last half: the count dips once
    LeakReport r = analyse(s -> s == 30 ? 9 : 10);

    assertThat(r.dbSessions().verdict()).isEqualTo(LeakVerdict.STABLE);
    assertThat(r.dbSessions().lastHalfMonotonic()).isFalse();
  }

  @Test
  void noDatabaseSamplesIsInconclusiveAndDoesNotDecideTheRun() {
    LeakReport r = analyse(null);

    assertThat(r.dbSessions().verdict()).isEqualTo(LeakVerdict.INCONCLUSIVE);
    assertThat(r.verdict()).isEqualTo(LeakVerdict.STABLE);
  }
}
