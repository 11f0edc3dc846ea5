package io.pipelineperf.gatling;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Where Gatling 3.15.1's open-model injector places each user of one injection step, in whole
 * milliseconds after the step starts. The arithmetic follows Gatling's own (open injection steps
 * and its {@code Shard} helper), so a due time computed here is the instant Gatling schedules the
 * user for, not a smooth approximation of it:
 *
 * <ul>
 *   <li>only whole seconds of a step carry users: a step of 2.5 s injects during 2 s and is then
 *       silent for 0.5 s (the next step still starts 2.5 s in);
 *   <li>a constant rate injects {@code round(wholeSeconds * rate)} users, shared out over the
 *       seconds as evenly as whole numbers allow; a ramp injects {@code startRate + slope * (s +
 *       1/2)} users in second {@code s}, the fraction carried to the next second (in decimal
 *       arithmetic, as Gatling does);
 *   <li>within a second of {@code u} users, millisecond {@code m} holds {@code ceil(u * (m + 1) /
 *       1000) - ceil(u * m / 1000)} of them, so the first user of each second is due on its first
 *       millisecond.
 * </ul>
 *
 * <p>The unit tests compare every user's offset with Gatling's own injection iterator.
 */
final class GatlingPlacement {

  private static final int MILLIS_PER_SECOND = 1000;

  /** Users before each second: {@code before[s]} users are due before second {@code s}. */
  private final long[] before;

  private GatlingPlacement(long[] perSecond) {
    before = new long[perSecond.length + 1];
    for (int s = 0; s < perSecond.length; s++) {
      before[s + 1] = before[s] + perSecond[s];
    }
  }

  /** The placement of {@code constantUsersPerSec(rate).during(millis)}. */
  static GatlingPlacement constant(double rate, long millis) {
    int seconds = (int) (millis / MILLIS_PER_SECOND);
    long users = Math.round(seconds * rate);
    long[] perSecond = new long[seconds];
    for (int s = 0; s < seconds; s++) {
      perSecond[s] = cumulative(users, seconds, s) - cumulative(users, seconds, s - 1);
    }
    return new GatlingPlacement(perSecond);
  }

  /** The placement of {@code rampUsersPerSec(startRate).to(endRate).during(millis)}. */
  static GatlingPlacement ramp(double startRate, double endRate, long millis) {
    int seconds = (int) (millis / MILLIS_PER_SECOND);
    if (seconds == 0) {
      // Gatling divides by the whole seconds and fails; LoadProfile never builds such a ramp
      throw new IllegalArgumentException("a ramp needs at least 1 s, was " + millis + " ms");
    }
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal start = BigDecimal.valueOf(startRate);
    BigDecimal halfSlope =
        BigDecimal.valueOf(endRate)
            .subtract(start, mc)
            .divide(BigDecimal.valueOf(2L * seconds), mc);
    BigDecimal carried = BigDecimal.ZERO;
    long[] perSecond = new long[seconds];
    for (int s = 0; s < seconds; s++) {
      BigDecimal exact =
          halfSlope.multiply(BigDecimal.valueOf(2L * s + 1), mc).add(start, mc).add(carried, mc);
      int users = exact.setScale(10, RoundingMode.HALF_UP).intValue();
      carried = exact.subtract(BigDecimal.valueOf(users), mc);
      perSecond[s] = users;
    }
    return new GatlingPlacement(perSecond);
  }

  /** Users this step injects. */
  long users() {
    return before[before.length - 1];
  }

  /** Milliseconds after the step start at which its {@code k}-th (0-based) user is due. */
  long offsetMillis(long k) {
    if (k < 0 || k >= users()) {
      throw new IndexOutOfBoundsException("user " + k + " of " + users());
    }
    int second = lastIndexAtMost(before, k);
    long inSecond = k - before[second];
    long usersThisSecond = before[second + 1] - before[second];
    // the first millisecond whose cumulative count exceeds inSecond
    int lo = 0;
    int hi = MILLIS_PER_SECOND - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative(usersThisSecond, MILLIS_PER_SECOND, mid) > inSecond) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return (long) second * MILLIS_PER_SECOND + lo;
  }

  /**
   * Users in buckets 0..{@code bucket} when {@code total} users are shared over {@code buckets}
   * (Gatling's Shard): {@code ceil(total / buckets * (bucket + 1))}, the last bucket taking what
   * rounding left. The double arithmetic and its order matter: they decide on which millisecond a
   * user falls.
   */
  static long cumulative(long total, int buckets, int bucket) {
    if (bucket < 0) {
      return 0;
    }
    if (bucket == buckets - 1) {
      return total;
    }
    return (long) Math.ceil((double) total / buckets * (bucket + 1));
  }

  /** The largest index i with {@code sorted[i] <= value} (sorted ascending, sorted[0] <= value). */
  static int lastIndexAtMost(long[] sorted, long value) {
    int lo = 0;
    int hi = sorted.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (sorted[mid] <= value) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
