package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

  private static StackConfig parse(Map<String, String> props) {
    return StackConfig.from(new Settings(props, Map.of()));
  }

  @Test
  void defaultsAreEmbeddedWithReadmeTopics() {
    StackConfig c = parse(Map.of());
    assertThat(c.target()).isEqualTo(Target.EMBEDDED);
    assertThat(c.topics())
        .isEqualTo(new Topics("pipeline.messages", "pipeline.outcomes", "pipeline.dlq", 6));
    assertThat(c.serviceProperties()).isEmpty();
    assertThat(c.startService()).isTrue();
    assertThat(c.logDir()).isEqualTo(c.runDir().resolve("stack"));
  }

  @Test
  void readsTargetTopicsRunDirAndServiceOverrides() {
    StackConfig c =
        parse(
            Map.of(
                "target", "External",
                "topic.input", "in",
                "topic.partitions", "3",
                "stack.runDir", "/tmp/run1",
                "service.defect", "no-idempotency",
                "service.consumer.threads", "4",
                "unrelated", "x"));
    assertThat(c.target()).isEqualTo(Target.EXTERNAL);
    assertThat(c.topics().input()).isEqualTo("in");
    assertThat(c.topics().partitions()).isEqualTo(3);
    assertThat(c.runDir()).isEqualTo(Path.of("/tmp/run1"));
    assertThat(c.serviceProperties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("defect", "no-idempotency", "consumer.threads", "4"));
  }

  @Test
  void environmentIsTheFallbackForTopics() {
    StackConfig c =
        StackConfig.from(new Settings(Map.of(), Map.of("TOPIC_INPUT", "from-env", "TARGET", "")));
    assertThat(c.topics().input()).isEqualTo("from-env");
  }

  @Test
  void unknownTargetFailsNamingTheSettingAndChoices() {
    assertThatThrownBy(() -> parse(Map.of("target", "cloud")))
        .isInstanceOf(StackConfigException.class)
        .hasMessageContaining("target='cloud'")
        .hasMessageContaining("-Dtarget=embedded");
  }

  @Test
  void badPartitionCountFailsFast() {
    assertThatThrownBy(() -> parse(Map.of("topic.partitions", "six")))
        .hasMessageContaining("topic.partitions='six' is not a whole number");
    assertThatThrownBy(() -> parse(Map.of("topic.partitions", "0")))
        .hasMessageContaining("topic.partitions=0 is out of range");
  }

  @Test
  void illegalOrCollidingTopicNamesFailFast() {
    assertThatThrownBy(() -> parse(Map.of("topic.dlq", "no spaces")))
        .hasMessageContaining("topic.dlq='no spaces' is not a legal Kafka topic name");
    assertThatThrownBy(() -> parse(Map.of("topic.dlq", "pipeline.messages")))
        .hasMessageContaining("three different topics");
  }

  @Test
  void badBooleanAndHeapFailFast() {
    assertThatThrownBy(() -> parse(Map.of("stack.service", "maybe")))
        .hasMessageContaining("stack.service='maybe' is not a boolean");
    assertThatThrownBy(() -> parse(Map.of("stack.kafkaHeap", "lots")))
        .hasMessageContaining("stack.kafkaHeap='lots'");
  }

  @Test
  void nativeMemoryTrackingIsOnUnlessTurnedOff() {
    assertThat(parse(Map.of()).nativeMemoryTracking()).isTrue();
    assertThat(parse(Map.of("stack.nmt", "false")).nativeMemoryTracking()).isFalse();
    assertThatThrownBy(() -> parse(Map.of("stack.nmt", "summary")))
        .hasMessageContaining("stack.nmt='summary' is not a boolean");
  }

  @Test
  void withersReturnNewConfigs() {
    StackConfig base = StackConfig.defaults();
    StackConfig changed =
        base.withServiceProperty("defect", "commit-before-write")
            .withRunDir(Path.of("/tmp/r"))
            .withTopics(new Topics("a", "b", "c", 2));
    assertThat(base.serviceProperties()).isEmpty();
    assertThat(changed.serviceProperties()).containsEntry("defect", "commit-before-write");
    assertThat(changed.logDir()).isEqualTo(Path.of("/tmp/r/stack"));
    assertThat(changed.topics().partitions()).isEqualTo(2);
    assertThatThrownBy(() -> base.withServiceProperty("service.defect", "x"))
        .hasMessageContaining("service's own name");
  }

  @Test
  void envNameIsUpperSnake() {
    assertThat(Settings.envName("db.url")).isEqualTo("DB_URL");
    assertThat(Settings.envName("consumer.maxPollRecords")).isEqualTo("CONSUMER_MAX_POLL_RECORDS");
  }

  @Test
  void faultWiringIsOffByDefaultAndReadFromFaultProperties() {
    StackConfig off = parse(Map.of());
    assertThat(off.faultProxies()).isFalse();
    assertThat(off.faultDns()).isFalse();
    assertThat(off.faultDisk()).isFalse();
    StackConfig on =
        parse(
            Map.of(
                "fault.proxies", "true",
                "fault.dns", "true",
                "fault.disk", "true",
                "fault.disk.size", "256m"));
    assertThat(on.faultProxies()).isTrue();
    assertThat(on.faultDns()).isTrue();
    assertThat(on.faultDisk()).isTrue();
    assertThat(on.faultDiskSize()).isEqualTo("256m");
    assertThatThrownBy(() -> parse(Map.of("fault.disk.size", "lots")))
        .isInstanceOf(StackConfigException.class)
        .hasMessageContaining("-Dfault.disk.size=1g");
  }
}
