package io.pipelineperf.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SenderThreadTest {

  @Test
  void runsEveryTaskOnItsOwnThreadInOrderAcrossSleeps() throws Exception {
    SenderThread sender = new SenderThread("test-sender");
    ConcurrentLinkedQueue<Integer> ran = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(2_000);
    for (int i = 0; i < 2_000; i++) {
      int n = i;
      sender.execute(
          () -> {
            assertThat(Thread.currentThread().getName()).isEqualTo("test-sender");
            ran.add(n);
            done.countDown();
          });
      if (i % 500 == 0) {
        Thread.sleep(5); // let it go to sleep: the next task must wake it
      }
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 2_000).boxed().toList());
    sender.shutdown(5, TimeUnit.SECONDS);
  }

  @Test
  void aFailingTaskDoesNotStopItAndShutdownRunsWhatIsQueuedThenRefuses() throws Exception {
    SenderThread sender = new SenderThread("test-sender-2");
    CountDownLatch after = new CountDownLatch(1);
    sender.execute(
        () -> {
          throw new IllegalStateException("planted");
        });
    sender.execute(after::countDown);
    sender.shutdown(5, TimeUnit.SECONDS);
    assertThat(after.getCount()).isZero();
    assertThatThrownBy(() -> sender.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
