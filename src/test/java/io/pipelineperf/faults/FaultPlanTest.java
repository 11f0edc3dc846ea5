package io.pipelineperf.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  private static final List<String> PROPERTIES =
      List.of("fault", "fault.at", "fault.hold", "fault.settle", "fault.stagger");

  @AfterEach
  void clear() {
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void defaultsGiveABaselineTheFaultAndTimeToRecover() {
    System.setProperty("fault", "broker-down, db-slow");

    FaultPlan plan = FaultPlan.fromSystemProperties(30);

    assertThat(plan.ids()).containsExactly("broker-down", "db-slow");
    assertThat(plan.atSeconds()).isEqualTo(20);
    assertThat(plan.holdSeconds()).isEqualTo(15);
    assertThat(plan.settleSeconds()).isEqualTo(45);
    assertThat(plan.measuredSeconds()).isEqualTo(80);
    assertThat(plan.idList()).isEqualTo("broker-down,db-slow");
  }

  @Test
  void noFaultNamedSaysHowToNameOne() {
    assertThatThrownBy(() -> FaultPlan.fromSystemProperties(30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dfault=<id>")
        .hasMessageContaining("service-crash");
  }

  @Test
  void anUnknownFaultListsTheValidOnes() {
    System.setProperty("fault", "broker-dwn");

    assertThatThrownBy(() -> FaultPlan.fromSystemProperties(30))
        .hasMessageContaining("unknown fault 'broker-dwn'")
        .hasMessageContaining("broker-down");
  }

  @Test
  void aFaultBeforeTheBaselineWindowIsRefused() {
    System.setProperty("fault", "db-down");
    System.setProperty("fault.at", "5");

    assertThatThrownBy(() -> FaultPlan.fromSystemProperties(30))
        .hasMessageContaining("-Dfault.at=5 is too early")
        .hasMessageContaining("-Dfault.at=10 or more");
  }

  @Test
  void aSettlePhaseTooShortToSeeTheRecoveryLimitIsRefused() {
    System.setProperty("fault", "db-down");
    System.setProperty("fault.settle", "20");

    assertThatThrownBy(() -> FaultPlan.fromSystemProperties(30))
        .hasMessageContaining("-Dfault.settle=20 s is too short")
        .hasMessageContaining("-Dfault.settle=33 or more");
    assertThat(FaultPlan.fromSystemProperties(15).settleSeconds()).isEqualTo(20);
  }

  @Test
  void aStaggerMustBringTheLastFaultInBeforeTheHeal() {
    System.setProperty("fault", "db-slow,service-crash");
    System.setProperty("fault.stagger", "4");

    FaultPlan plan = FaultPlan.fromSystemProperties(30);
    assertThat(plan.injectOffsetSeconds(1)).isEqualTo(4);

    System.setProperty("fault.stagger", "15");
    assertThatThrownBy(() -> FaultPlan.fromSystemProperties(30))
        .hasMessageContaining("-Dfault.stagger=15 must be >= 0")
        .hasMessageContaining("raise -Dfault.hold");
  }

  @Test
  void aBadNumberNamesTheSetting() {
    System.setProperty("fault", "db-down");
    System.setProperty("fault.hold", "ten");

    assertThatThrownBy(() -> FaultPlan.fromSystemProperties(30))
        .hasMessageContaining("-Dfault.hold=ten is not a positive number");
  }
}
