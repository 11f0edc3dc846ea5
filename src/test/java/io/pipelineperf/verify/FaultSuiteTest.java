package io.pipelineperf.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultSuiteTest {

  private static Path summary(Path dir, String name, String faultsJson) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "{\"simulation\":\"x\",\"faults\":" + faultsJson + "}");
    return file;
  }

  @Test
  void oneRowPerFaultWithItsNumbersAndAnErrorRowForARunWithoutSummary(@TempDir Path dir)
      throws Exception {
    Path pass =
        summary(
            dir,
            "a.json",
            "[{\"id\":\"db-down\",\"verdict\":\"PASS\",\"detectSeconds\":0.25,\"detectedBy\":\"error\","
                + "\"recoverySeconds\":4.5,\"reasons\":[],\"healSeconds\":0.3,"
                + "\"messages\":{\"lost\":0,\"duplicated\":0,\"deadLettered\":{\"oversized\":2,\"invalid-json\":1}},"
                + "\"errors\":{\"inside\":3,\"outside\":0,\"outsideRatePct\":0.0},\"inFlight\":{\"atEnd\":0}}]");
    Path skipped =
        summary(
            dir,
            "b.json",
            "[{\"id\":\"disk-full\",\"verdict\":\"SKIPPED\",\"skipReason\":\"no tmpfs | here\"}]");
    Path runs = dir.resolve("runs.tsv");
    Files.writeString(
        runs, "db-down\t" + pass + "\t0\ndisk-full\t" + skipped + "\t0\nservice-oom\t-\t137\n");

    List<FaultSuite.Row> rows = FaultSuite.rows(runs);

    assertThat(rows)
        .extracting(FaultSuite.Row::fault)
        .containsExactly("db-down", "disk-full", "service-oom");
    assertThat(rows.get(0).recoverySeconds()).isEqualTo(4.5);
    assertThat(rows.get(0).deadLettered()).isEqualTo(3);
    assertThat(rows.get(0).lost()).isZero();
    assertThat(rows.get(1).why()).isEqualTo("no tmpfs | here");
    assertThat(rows.get(2).verdict()).isEqualTo("ERROR");
    assertThat(rows.get(2).why()).contains("exit 137");

    String md = FaultSuite.markdown(rows);
    assertThat(md).contains("3 faults: 1 PASS, 1 SKIPPED, 1 ERROR.");
    assertThat(md).contains("| db-down | PASS | 0.25 | error | 4.5 | 0 | 0 | 3 | 0 | 0.3 |  |");
    assertThat(md).contains("no tmpfs / here"); // a pipe would break the table
  }

  @Test
  void theTableCommandWritesBothFilesAndFailsWhenAFaultFailed(@TempDir Path dir) throws Exception {
    Path fail =
        summary(
            dir,
            "a.json",
            "[{\"id\":\"service-crash\",\"verdict\":\"FAIL\",\"reasons\":[\"lost 4\"],"
                + "\"messages\":{\"lost\":4,\"duplicated\":0,\"deadLettered\":{}}}]");
    Path runs = dir.resolve("runs.tsv");
    Files.writeString(runs, "service-crash\t" + fail + "\t1\n");

    int exit =
        FaultSuite.run(new String[] {"table", runs.toString(), dir.resolve("out").toString()});

    assertThat(exit).isEqualTo(1);
    assertThat(dir.resolve("out.md"))
        .content()
        .contains("| service-crash | FAIL |")
        .contains("lost 4");
    assertThat(dir.resolve("out.json")).content().contains("\"fault\" : \"service-crash\"");
  }
}
