package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.pipelineperf.gatling.LoadProfile.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.collection.Iterator;
import scala.collection.Iterator$;
import scala.concurrent.duration.FiniteDuration;

/**
 * Every user's offset, as {@link LoadProfile} computes it, against the offsets Gatling's own open
 * injection steps produce (their iterator is internal to Gatling, but public in its bytecode: good
 * enough for a test that pins the 3.15.1 placement).
 */
class GatlingPlacementTest {

  /** Nanoseconds after the injection start of each user, as Gatling's injector has them. */
  static long[] gatlingOffsetsNanos(OpenInjectionStep[] steps) {
    Iterator<FiniteDuration> users = Iterator$.MODULE$.empty();
    for (int i = steps.length - 1; i >= 0; i--) {
      users = steps[i].asScala().chain(users);
    }
    List<Long> offsets = new ArrayList<>();
    while (users.hasNext()) {
      offsets.add(users.next().toNanos());
    }
    return offsets.stream().mapToLong(Long::longValue).toArray();
  }

  private static void assertSameAsGatling(LoadProfile profile) {
    long[] gatling = gatlingOffsetsNanos(profile.injection());

    assertThat(profile.users()).as(profile + ": users").isEqualTo(gatling.length);
    for (int n = 0; n < gatling.length; n++) {
      long ours = profile.offsetMillis(n) * 1_000_000L;
      if (ours != gatling[n]) {
        throw new AssertionError(
            profile + ": user " + n + " due at " + ours + " ns, Gatling has " + gatling[n]);
      }
    }
  }

  @Test
  void everyUserIsDueWhereGatlingInjectsIt() {
    assertSameAsGatling(LoadProfile.of(Kind.MEDIUM));
    assertSameAsGatling(LoadProfile.of(Kind.LOW));
    assertSameAsGatling(LoadProfile.of(Kind.HIGH));
    assertSameAsGatling(LoadProfile.of(Kind.PEAK));
    assertSameAsGatling(LoadProfile.of(Kind.BURST));
    assertSameAsGatling(LoadProfile.of(Kind.SUSTAINED, 1000, 10, 10, 120));
  }

  @Test
  void oddRatesAndFractionalDurationsToo() {
    assertSameAsGatling(LoadProfile.of(Kind.MEDIUM, 333, 10, 10, 60));
    assertSameAsGatling(LoadProfile.of(Kind.MEDIUM, 10, 10, 10, 60));
    assertSameAsGatling(LoadProfile.of(Kind.MEDIUM, 1000, 2.5, 10, 60));
    assertSameAsGatling(LoadProfile.of(Kind.MEDIUM, 7.3, 0, 3, 30.5));
    assertSameAsGatling(LoadProfile.of(Kind.LOW, 0.5, 3, 0, 9));
    assertSameAsGatling(LoadProfile.of(Kind.MEDIUM, 1234.567, 0, 7, 11.999));
    assertSameAsGatling(LoadProfile.of(Kind.BURST, 333, 1.25, 2.75, 37.3));
    assertSameAsGatling(LoadProfile.of(Kind.HIGH, 2999.9, 0, 13, 5));
  }

  @Test
  void millisecondsOfASecondAreSharedLikeGatlingsShard() {
    // 3 users in a second: 1 on ms 0, then where ceil(3 (m + 1) / 1000) steps up: ms 333 and 666
    GatlingPlacement three = GatlingPlacement.constant(3, 1000);
    assertThat(three.offsetMillis(0)).isZero();
    assertThat(three.offsetMillis(1)).isEqualTo(333);
    assertThat(three.offsetMillis(2)).isEqualTo(666);
    // 2500 users in a second: 3 on ms 0, then 2 or 3 per millisecond
    GatlingPlacement many = GatlingPlacement.constant(2500, 1000);
    assertThat(many.offsetMillis(2)).isZero();
    assertThat(many.offsetMillis(3)).isEqualTo(1);
    assertThat(many.offsetMillis(2499)).isEqualTo(999);
  }

  @Test
  void onlyWholeSecondsCarryUsers() {
    assertThat(GatlingPlacement.constant(100, 2_500).users()).isEqualTo(200);
    assertThat(GatlingPlacement.constant(100, 999).users()).isZero();
    assertThatThrownBy(() -> GatlingPlacement.constant(100, 2_500).offsetMillis(200))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
