package io.pipelineperf.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class GuardedSamplerTest {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Monitor.class);

  @BeforeEach
  void capture() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void release() {
    logger.detachAppender(log);
  }

  @Test
  void aSourceThatComesAndGoesWarnsOnceAndNeverThrows() {
    AtomicBoolean up = new AtomicBoolean(false);
    GuardedSampler guarded =
        new GuardedSampler(
            new Sampler() {
              @Override
              public String name() {
                return "flaky";
              }

              @Override
              public String source() {
                return "http://127.0.0.1:1/metrics";
              }

              @Override
              public void sample(Map<String, Double> into) throws IOException {
                if (!up.get()) {
                  throw new IOException("Connection refused");
                }
                into.put("x", 1.0);
              }
            });

    for (int i = 0; i < 5; i++) {
      assertThat(guarded.sample()).isEmpty();
    }
    up.set(true);
    assertThat(guarded.sample()).containsEntry("x", 1.0);
    up.set(false);
    guarded.sample();
    up.set(true);
    guarded.sample();

    assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains("flaky", "http://127.0.0.1:1/metrics", "Connection refused"));
    assertThat(log.list.stream().filter(e -> e.getLevel() == Level.INFO)).hasSize(1);
    assertThat(guarded.failures()).isEqualTo(6);
  }
}
