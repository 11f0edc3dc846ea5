package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

    // warm-up: 250/s for 10 s = 2500; ramp 250 -> 1000 over 10 s = 6250; measured 60000
    assertThat(p.phaseOf(0)).isEqualTo(Phase.WARMUP);
    assertThat(p.phaseOf(2499)).isEqualTo(Phase.WARMUP);
    assertThat(p.phaseOf(2500)).isEqualTo(Phase.RAMP);
    assertThat(p.phaseOf(8749)).isEqualTo(Phase.RAMP);
    assertThat(p.phaseOf(8750)).isEqualTo(Phase.MEASURED);
    assertThat(p.measuredStartSeconds()).isEqualTo(20);
    assertThat(p.measuredUsers()).isEqualTo(60_000);
    assertThat(p.totalSeconds()).isEqualTo(80);
  }

  @Test
  void theNthMessageOfAConstantPhaseIsDueAtNOverRate() {
    LoadProfile p = LoadProfile.of(Kind.MEDIUM, 1000, 0, 0, 60);

    assertThat(p.offsetSeconds(0)).isEqualTo(0);
    assertThat(p.offsetSeconds(1)).isCloseTo(0.001, within(1e-9));
    assertThat(p.offsetSeconds(30_000)).isCloseTo(30.0, within(1e-9));
  }

  @Test
  void dueTimesInARampFollowTheRisingRate() {
    LoadProfile p = LoadProfile.of(Kind.MEDIUM, 1000, 10, 10, 60);

    // ramp users by time t: 250 t + 37.5 t^2; at t = 4 s that is 1600 users
    assertThat(p.offsetSeconds(2500 + 1600)).isCloseTo(14.0, within(1e-6));
    assertThat(p.offsetSeconds(8750)).isCloseTo(20.0, within(1e-6));
    assertThat(p.offsetSeconds(8750 + 500)).isCloseTo(20.5, within(1e-6));
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
