package io.pipelineperf.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultsTest {
  private final List<String> log = new ArrayList<>();

  /** A fault that only records what is done to it. */
  private final class Recorded implements Fault {
    private final String id;
    private final boolean failInject;
    private final boolean failHeal;
    private final Optional<String> skip;

    Recorded(String id, boolean failInject, boolean failHeal, Optional<String> skip) {
      this.id = id;
      this.failInject = failInject;
      this.failHeal = failHeal;
      this.skip = skip;
    }

    Recorded(String id) {
      this(id, false, false, Optional.empty());
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String description() {
      return id + " does";
    }

    @Override
    public String handledMeans() {
      return id + " handled";
    }

    @Override
    public void inject() {
      log.add("inject " + id);
      if (failInject) {
        throw new FaultException(id + " inject failed");
      }
    }

    @Override
    public void heal() {
      log.add("heal " + id);
      if (failHeal) {
        throw new FaultException(id + " heal failed");
      }
    }

    @Override
    public Optional<String> skipReason() {
      return skip;
    }
  }

  @Test
  void injectsInOrderAndHealsInReverse() {
    Faults faults = Faults.of(new Recorded("a"), new Recorded("b"), new Recorded("c"));
    faults.inject();
    faults.heal();
    assertThat(log)
        .containsExactly("inject a", "inject b", "inject c", "heal c", "heal b", "heal a");
    assertThat(faults.id()).isEqualTo("a+b+c");
    assertThat(faults.skipReason()).isEmpty();
  }

  @Test
  void aFailedInjectHealsWhatWasInjectedAndRethrows() {
    Faults faults =
        Faults.of(
            new Recorded("a"), new Recorded("b", true, false, Optional.empty()), new Recorded("c"));
    assertThatThrownBy(faults::inject).hasMessage("b inject failed");
    assertThat(log).containsExactly("inject a", "inject b", "heal b", "heal a");
  }

  @Test
  void healReachesEveryMemberAndReportsTheFirstFailure() {
    Faults faults =
        Faults.of(
            new Recorded("a", false, true, Optional.empty()),
            new Recorded("b"),
            new Recorded("c", false, true, Optional.empty()));
    assertThatThrownBy(faults::heal)
        .hasMessage("c heal failed")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(log).containsExactly("heal c", "heal b", "heal a");
  }

  @Test
  void skipReasonNamesTheMemberThatCannotRun() {
    Faults faults =
        Faults.of(new Recorded("a"), new Recorded("b", false, false, Optional.of("no root")));
    assertThat(faults.skipReason()).contains("b: no root");
  }

  @Test
  void needsAtLeastOneFault() {
    assertThatThrownBy(() -> Faults.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
