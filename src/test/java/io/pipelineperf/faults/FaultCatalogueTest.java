package io.pipelineperf.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelineperf.faults.FaultCatalogue.Need;
import io.pipelineperf.stack.StackConfig;
import io.pipelineperf.stack.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultCatalogueTest {
  // nothing listens there: building faults must not connect anywhere
  private static final FaultContext EXTERNAL =
      FaultContext.external(
          "127.0.0.1:1",
          "jdbc:postgresql://127.0.0.1:1/postgres",
          "postgres",
          "",
          Topics.defaults());

  @Test
  void everyBriefedFaultIsInTheCatalogue() {
    assertThat(FaultCatalogue.ids())
        .containsExactly(
            "broker-down",
            "broker-slow-network",
            "broker-partition",
            "consumer-rebalance",
            "poison-messages",
            "topic-missing",
            "service-crash",
            "service-pause",
            "service-oom",
            "cpu-overload",
            "disk-full",
            "network-partition",
            "dns-failure",
            "service-discovery-failure",
            "db-down",
            "db-slow",
            "db-statement-timeout",
            "db-pool-exhaustion",
            "db-deadlock",
            "db-procedure-error",
            "db-connections-killed");
  }

  @Test
  void everyIdResolvesToAFaultWithItsIdAndTexts() {
    for (String id : FaultCatalogue.ids()) {
      Fault fault = FaultCatalogue.create(id, EXTERNAL);
      assertThat(fault.id()).isEqualTo(id);
      assertThat(fault.description()).as(id).isNotBlank();
      assertThat(fault.handledMeans()).as(id).isNotBlank();
    }
  }

  @Test
  void stackFaultsSayWhyTheyCannotRunWithoutTheEmbeddedStack() {
    for (String id : List.of("broker-down", "db-down", "disk-full")) {
      assertThat(FaultCatalogue.create(id, EXTERNAL).skipReason())
          .as(id)
          .hasValueSatisfying(r -> assertThat(r).contains("-Dtarget=embedded"));
    }
    // a service on this host can be crashed and paused when its pid (and restart command) is given
    assertThat(FaultCatalogue.create("service-crash", EXTERNAL).skipReason())
        .hasValueSatisfying(
            r -> assertThat(r).contains("-Dservice.pid=").contains("-Dservice.restartCommand="));
    assertThat(FaultCatalogue.create("service-pause", EXTERNAL).skipReason())
        .hasValueSatisfying(
            r -> assertThat(r).contains("-Dservice.pid=").doesNotContain("restartCommand"));
  }

  @Test
  void aListBecomesACompositeInOrder() {
    Fault fault = FaultCatalogue.parse(" broker-down, db-slow ,", EXTERNAL);
    assertThat(fault).isInstanceOf(Faults.class);
    assertThat(fault.id()).isEqualTo("broker-down+db-slow");
    assertThat(FaultCatalogue.parse("cpu-overload", EXTERNAL).id()).isEqualTo("cpu-overload");
  }

  @Test
  void unknownIdFailsListingTheValidOnes() {
    assertThatThrownBy(() -> FaultCatalogue.parse("broker-down,brokr-down", EXTERNAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown fault 'brokr-down'")
        .hasMessageContaining("valid ids are broker-down, broker-slow-network");
    assertThatThrownBy(() -> FaultCatalogue.parseIds("db-down,db-down"))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> FaultCatalogue.parse(" ", EXTERNAL)).hasMessageContaining("-Dfault=");
  }

  @Test
  void prepareTurnsOnOnlyTheWiringTheFaultsNeed() {
    StackConfig base = StackConfig.defaults();
    StackConfig plain = FaultCatalogue.prepare(base, "broker-down,db-slow");
    assertThat(plain.faultProxies()).isFalse();
    assertThat(plain.faultDns()).isFalse();
    assertThat(plain.faultDisk()).isFalse();

    StackConfig dns = FaultCatalogue.prepare(base, "dns-failure");
    assertThat(dns.faultProxies()).isTrue();
    assertThat(dns.faultDns()).isTrue();
    assertThat(FaultCatalogue.needs("disk-full,broker-partition"))
        .containsExactlyInAnyOrder(Need.DISK, Need.PROXIES);
  }
}
