package io.pipelineperf.faults.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToxicTest {

  @Test
  void defaultNamesFollowToxiproxy() {
    assertThat(Toxic.latency(Direction.DOWNSTREAM, 1, 0).name()).isEqualTo("latency_downstream");
    assertThat(Toxic.bandwidth(Direction.UPSTREAM, 1).name()).isEqualTo("bandwidth_upstream");
    assertThat(Toxic.resetPeer(Direction.UPSTREAM, 0).name()).isEqualTo("reset_peer_upstream");
    assertThat(Toxic.timeout(Direction.UPSTREAM, 0).name()).isEqualTo("timeout_upstream");
    assertThat(Toxic.blackhole(Direction.UPSTREAM).name()).isEqualTo("blackhole_upstream");
    assertThat(Toxic.limitData(Direction.UPSTREAM, 1).name()).isEqualTo("limit_data_upstream");
    assertThat(Toxic.slicer(Direction.UPSTREAM, 10, 1, 0).name()).isEqualTo("slicer_upstream");
    assertThat(Toxic.down().name()).isEqualTo("down");
    assertThat(Toxic.down().direction()).isNull();
  }

  @Test
  void copiesKeepTheParameters() {
    Toxic.Latency latency =
        Toxic.latency(Direction.UPSTREAM, 200, 50).named("slow").withToxicity(0.5);
    assertThat(latency).isEqualTo(new Toxic.Latency("slow", Direction.UPSTREAM, 0.5, 200, 50));
  }

  @Test
  void badParametersFailNamingTheSetting() {
    assertThatThrownBy(() -> Toxic.latency(Direction.UPSTREAM, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latencyMs");
    assertThatThrownBy(() -> Toxic.bandwidth(Direction.UPSTREAM, 0))
        .hasMessageContaining("kbPerSec");
    assertThatThrownBy(() -> Toxic.latency(Direction.UPSTREAM, 1, 0).withToxicity(1.5))
        .hasMessageContaining("toxicity");
    assertThatThrownBy(() -> Toxic.latency(null, 1, 0)).hasMessageContaining("direction");
    assertThatThrownBy(() -> Toxic.down().withToxicity(0.5)).hasMessageContaining("1.0");
    assertThatThrownBy(() -> Toxic.slicer(Direction.UPSTREAM, 10, 10, 0))
        .hasMessageContaining("sizeVariation");
    assertThatThrownBy(() -> Toxic.limitData(Direction.UPSTREAM, 1).named(" "))
        .hasMessageContaining("name");
  }

  @Test
  void policyFoldsActiveToxics() {
    FlowPolicy policy =
        FlowPolicy.of(
            List.of(
                Toxic.latency(Direction.UPSTREAM, 100, 10),
                Toxic.latency(Direction.UPSTREAM, 50, 0).named("b"),
                Toxic.bandwidth(Direction.UPSTREAM, 10),
                Toxic.bandwidth(Direction.UPSTREAM, 5).named("c"),
                Toxic.limitData(Direction.UPSTREAM, 7)));
    assertThat(policy.latencyNanos()).isEqualTo(150_000_000L);
    assertThat(policy.jitterNanos()).isEqualTo(10_000_000L);
    assertThat(policy.bytesPerSecond()).isEqualTo(5000);
    assertThat(policy.limitBytes()).isEqualTo(7);
    assertThat(policy.holding()).isFalse();
    assertThat(policy.isPassThrough()).isFalse();
    assertThat(FlowPolicy.of(List.of(Toxic.resetPeer(Direction.UPSTREAM, 5))).isPassThrough())
        .isTrue();
    assertThat(FlowPolicy.of(List.of(Toxic.blackhole(Direction.UPSTREAM))).holding()).isTrue();
  }
}
