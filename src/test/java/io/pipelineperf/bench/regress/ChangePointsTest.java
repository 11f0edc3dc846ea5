package io.pipelineperf.bench.regress;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelineperf.bench.regress.ChangePoints.ChangePoint;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangePointsTest {

  private static double[] noise(Random random, int n, double mean, double sd) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = mean + sd * random.nextGaussian();
    }
    return x;
  }

  private static double[] step(Random random, int n, int at, double before, double after) {
    double[] x = noise(random, n, before, before * 0.03);
    for (int i = at; i < n; i++) {
      x[i] += after - before;
    }
    return x;
  }

  @Test
  void findsAStepUpAtItsIndexWithMagnitudeAndPValue() {
    double[] x = step(new Random(1), 40, 25, 100, 120);

    List<ChangePoint> found = ChangePoints.detect(x);

    assertThat(found).hasSize(1);
    ChangePoint c = found.get(0);
    assertThat(c.index()).isEqualTo(25);
    assertThat(c.meanBefore()).isCloseTo(100, org.assertj.core.data.Offset.offset(2.0));
    assertThat(c.meanAfter()).isCloseTo(120, org.assertj.core.data.Offset.offset(2.0));
    assertThat(c.magnitudePct()).isBetween(17.0, 23.0);
    assertThat(c.pValue()).isLessThanOrEqualTo(0.001);
  }

  @Test
  void findsAStepDownAndTwoStepsInOneSeries() {
    double[] down = step(new Random(2), 30, 10, 50, 40);
    assertThat(ChangePoints.detect(down)).extracting(ChangePoint::index).containsExactly(10);
    assertThat(ChangePoints.detect(down).get(0).magnitudePct()).isNegative();

    double[] two = noise(new Random(3), 60, 100, 3);
    for (int i = 20; i < 60; i++) {
      two[i] += 15;
    }
    for (int i = 45; i < 60; i++) {
      two[i] -= 30;
    }
    assertThat(ChangePoints.detect(two)).extracting(ChangePoint::index).containsExactly(20, 45);
  }

  @Test
  void aSmallStepWithinTheNoiseIsNotAChange() {
    // a 0.5 sigma shift over 20 points a side is not significant at p <= 0.001
    double[] x = noise(new Random(4), 40, 100, 5);
    for (int i = 20; i < 40; i++) {
      x[i] += 2.5;
    }
    assertThat(ChangePoints.detect(x)).isEmpty();
  }

  @Test
  void aConstantSeriesHasNoChange() {
    assertThat(ChangePoints.detect(new double[30])).isEmpty();
    assertThat(ChangePoints.detect(new double[] {1, 2, 3})).isEmpty();
  }

  @Test
  void falsePositiveRateOnPureGaussianNoiseIsLow() {
    Random random = new Random(12);
    int series = 1000;
    int withChange = 0;
    int changes = 0;
    for (int s = 0; s < series; s++) {
      int n = 30 + random.nextInt(21);
      List<ChangePoint> found = ChangePoints.detect(noise(random, n, 100, 5));
      changes += found.size();
      if (!found.isEmpty()) {
        withChange++;
      }
    }
    double rate = (double) withChange / series;
    System.out.printf(
        "ChangePoints false positives: %d of %d noise series (%.1f %%), %d change points%n",
        withChange, series, rate * 100, changes);
    // selecting the best split before testing inflates p-values' nominal 0.1 % (measured: see the
    // printed rate: 1.8 % with seed 12); 3 % per series is the bound asserted
    assertThat(rate).isLessThan(0.03);
  }
}
