package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InjectorDefectsTest {

  @Test
  void noneByDefaultAndSeveralByCommas() {
    assertThat(InjectorDefects.parse("")).isEmpty();
    assertThat(InjectorDefects.parse(" slow-sender , slow-watcher "))
        .containsExactly(InjectorDefects.SLOW_SENDER, InjectorDefects.SLOW_WATCHER);
  }

  @Test
  void anUnknownNameFailsNamingTheKnownOnes() {
    assertThatThrownBy(() -> InjectorDefects.parse("slow-sender,slow-brain"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'slow-brain' is unknown")
        .hasMessageContaining("slow-sender, slow-watcher");
  }
}
