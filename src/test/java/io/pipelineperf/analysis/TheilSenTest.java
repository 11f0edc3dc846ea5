package io.pipelineperf.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TheilSenTest {

  @Test
  void exactLineHasAZeroWidthInterval() {
    double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    double[] y = new double[10];
    for (int i = 0; i < 10; i++) {
      y[i] = 3 + 2 * x[i];
    }
    TheilSen.Estimate e = TheilSen.fit(x, y);
    assertThat(e.slope()).isEqualTo(2.0);
    assertThat(e.lower()).isEqualTo(2.0);
    assertThat(e.upper()).isEqualTo(2.0);
  }

  @Test
  void oneWildOutlierDoesNotMoveTheSlope() {
    double[] x = new double[20];
    double[] y = new double[20];
    for (int i = 0; i < 20; i++) {
      x[i] = i;
      y[i] = i;
    }
    y[19] = 1000;
    assertThat(TheilSen.fit(x, y).slope()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void noisyFlatSeriesHasAnIntervalAroundZero() {
    java.util.Random r = new java.util.Random(1);
    double[] x = new double[40];
    double[] y = new double[40];
    for (int i = 0; i < 40; i++) {
      x[i] = i;
      y[i] = r.nextGaussian();
    }
    TheilSen.Estimate e = TheilSen.fit(x, y);
    assertThat(e.lower()).isNegative();
    assertThat(e.upper()).isPositive();
  }
}
