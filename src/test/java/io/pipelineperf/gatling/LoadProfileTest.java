package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelineperf.gatling.LoadProfile.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadProfileTest {

  @AfterEach
  void clearProperties() {
    for (String p : new String[] {"profile", "rate", "duration", "warmup", "ramp"}) {
      System.clearProperty(p);
    }
  }

  @Test
  void warmUpRampAndMeasuredPhasesFollowEachOther() {
    LoadProfile p = LoadProfile.of(Kind.MEDIUM, 1000, 10, 10, 60);

    // warm-up at the target rate: 10 000; the ramp after it holds the rate: 10 000; measured 60 000
    assertThat(p.segments().get(0).startRate()).isEqualTo(1000);
    assertThat(p.phaseOf(0)).isEqualTo(Phase.WARMUP);
    assertThat(p.phaseOf(9_999)).isEqualTo(Phase.WARMUP);
    assertThat(p.phaseOf(10_000)).isEqualTo(Phase.RAMP);
    assertThat(p.phaseOf(19_999)).isEqualTo(Phase.RAMP);
    assertThat(p.phaseOf(20_000)).isEqualTo(Phase.MEASURED);
    assertThat(p.measuredStartSeconds()).isEqualTo(20);
    assertThat(p.measuredUsers()).isEqualTo(60_000);
    assertThat(p.users()).isEqualTo(80_000);
    assertThat(p.totalSeconds()).isEqualTo(80);
  }

  @Test
  void aConstantRateIsDueOnWholeMillisecondsLikeGatlingPlacesIt() {
    LoadProfile p = LoadProfile.of(Kind.MEDIUM, 1000, 0, 0, 60);

    assertThat(p.offsetMillis(0)).isZero();
    assertThat(p.offsetMillis(1)).isEqualTo(1);
    assertThat(p.offsetMillis(30_000)).isEqualTo(30_000);
    // 333/s: the first user of each second on its first millisecond, then every 3 ms or so
    LoadProfile odd = LoadProfile.of(Kind.MEDIUM, 333, 0, 0, 60);
    assertThat(odd.offsetMillis(1)).isEqualTo(3);
    assertThat(odd.offsetMillis(333)).isEqualTo(1000);
    // 10/s: every 100 ms, from 0
    LoadProfile slow = LoadProfile.of(Kind.LOW, 10, 0, 0, 60);
    assertThat(slow.offsetMillis(0)).isZero();
    assertThat(slow.offsetMillis(7)).isEqualTo(700);
    assertThat(slow.offsetMillis(10)).isEqualTo(1000);
  }

  @Test
  void aRampGetsWholeUsersPerSecondWithTheFractionCarried() {
    LoadProfile p = LoadProfile.of(Kind.MEDIUM, 1000, 0, 10, 60);

    // 250 -> 1000 over 10 s: second s gets 250 + 37.5 (2 s + 1) users: 287 (.5 carried), 363, ...
    assertThat(p.segments().get(0).startRate()).isEqualTo(250);
    assertThat(p.offsetMillis(286)).isLessThan(1000);
    assertThat(p.offsetMillis(287)).isEqualTo(1000);
    assertThat(p.offsetMillis(287 + 363)).isEqualTo(2000);
    assertThat(p.phaseOf(6_249)).isEqualTo(Phase.RAMP);
    assertThat(p.offsetMillis(6_250)).isEqualTo(10_000); // the measured phase starts on time
    assertThat(p.phaseOf(6_250)).isEqualTo(Phase.MEASURED);
  }

  @Test
  void aFractionalSecondInjectsNobodyButStillTakesItsTime() {
    LoadProfile p = LoadProfile.of(Kind.MEDIUM, 1000, 2.5, 0, 60);

    // Gatling injects a 2.5 s step during its 2 whole seconds; the next step starts at 2.5 s
    assertThat(p.phaseOf(1_999)).isEqualTo(Phase.WARMUP);
    assertThat(p.offsetMillis(1_999)).isEqualTo(1_999);
    assertThat(p.phaseOf(2_000)).isEqualTo(Phase.MEASURED);
    assertThat(p.offsetMillis(2_000)).isEqualTo(2_500);
    assertThat(p.measuredStartSeconds()).isEqualTo(2.5);
  }

  @Test
  void thirdsOfTheMeasuredPhaseGoByTime() {
    LoadProfile p = LoadProfile.of(Kind.LOW, 10, 1, 0, 3);

    assertThat(p.thirdAt(p.offsetMillis(0))).isEqualTo(-1); // warm-up
    assertThat(p.thirdAt(p.offsetMillis(10))).isZero();
    assertThat(p.thirdAt(p.offsetMillis(20))).isEqualTo(1);
    assertThat(p.thirdAt(p.offsetMillis(39))).isEqualTo(2);
  }

  @Test
  void rampsShorterThanASecondAreRejected() {
    assertThatThrownBy(() -> LoadProfile.of(Kind.MEDIUM, 1000, 0, 0.5, 60))
        .hasMessageContaining("ramp must be 0 or at least 1 s");
  }

  @Test
  void burstAddsTenfoldSpikesToTheMeasuredPhase() {
    LoadProfile p = LoadProfile.of(Kind.BURST, 100, 0, 0, 30);

    assertThat(p.segments()).hasSize(6);
    assertThat(p.segments().get(1).startRate()).isEqualTo(1000);
    // per 10 s: 8 s at 100/s + 2 s at 1000/s = 2800 messages
    assertThat(p.measuredUsers()).isEqualTo(8400);
    assertThat(p.measuredMeanRate()).isEqualTo(280);
  }

  @Test
  void injectionHasOneStepPerSegment() {
    assertThat(LoadProfile.of(Kind.HIGH).injection()).hasSize(3);
  }

  @Test
  void systemPropertiesChooseAndOverride() {
    System.setProperty("profile", "peak");
    System.setProperty("duration", "15");

    LoadProfile p = LoadProfile.fromSystemProperties();

    assertThat(p.name()).isEqualTo("peak");
    assertThat(p.rate()).isGreaterThanOrEqualTo(6000);
    assertThat(p.measuredSeconds()).isEqualTo(15);
    System.setProperty("rate", "42");
    assertThat(LoadProfile.fromSystemProperties().rate()).isEqualTo(42);
  }

  @Test
  void everyNamedProfileExists() {
    for (String name : new String[] {"low", "medium", "high", "peak", "burst", "sustained"}) {
      System.setProperty("profile", name);
      assertThat(LoadProfile.fromSystemProperties().name()).isEqualTo(name);
    }
    System.clearProperty("profile");
    assertThat(LoadProfile.fromSystemProperties().name()).isEqualTo("medium");
  }

  @Test
  void warmupAutoMeansTheCallersDefault() {
    assertThat(LoadProfile.autoWarmup()).isTrue();
    System.setProperty("warmup", " ");
    assertThat(LoadProfile.autoWarmup()).isTrue();
    System.setProperty("warmup", "AUTO");
    assertThat(LoadProfile.autoWarmup()).isTrue();
    assertThat(LoadProfile.fromSystemProperties(7, 0, 30.0).measuredStartSeconds()).isEqualTo(7);
    System.setProperty("warmup", "4");
    assertThat(LoadProfile.autoWarmup()).isFalse();
    assertThat(LoadProfile.fromSystemProperties(7, 0, 30.0).measuredStartSeconds()).isEqualTo(4);
    System.setProperty("warmup", "soon");
    assertThat(LoadProfile.autoWarmup()).isFalse();
    assertThatThrownBy(LoadProfile::fromSystemProperties).hasMessageContaining("-Dwarmup=soon");
  }

  @Test
  void badSettingsFailNamingTheSetting() {
    System.setProperty("profile", "huge");
    assertThatThrownBy(LoadProfile::fromSystemProperties)
        .hasMessageContaining("-Dprofile=huge")
        .hasMessageContaining("medium");
    System.setProperty("profile", "low");
    System.setProperty("rate", "fast");
    assertThatThrownBy(LoadProfile::fromSystemProperties).hasMessageContaining("-Drate=fast");
    System.setProperty("rate", "-5");
    assertThatThrownBy(LoadProfile::fromSystemProperties).hasMessageContaining("rate must be > 0");
  }
}
