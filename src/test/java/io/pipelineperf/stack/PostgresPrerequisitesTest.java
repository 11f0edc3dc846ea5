package io.pipelineperf.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresPrerequisitesTest {
  @TempDir Path dir;

  private Path binWithUnshare() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path unshare = bin.resolve("unshare");
    Files.writeString(unshare, "#!/bin/sh\n");
    Files.setPosixFilePermissions(unshare, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private Path passwd(String content) throws Exception {
    return Files.writeString(dir.resolve("passwd"), content);
  }

  private static final Function<List<String>, Integer> OK = cmd -> 0;

  @Test
  void nonRootNeedsNothing() throws Exception {
    var m = new PostgresPrerequisites.Machine(false, "", cmd -> 1, dir.resolve("none"));
    assertThat(PostgresPrerequisites.problem(m)).isEmpty();
  }

  @Test
  void rootWithEverythingPassesAndRunsUnshareDashU() throws Exception {
    List<List<String>> ran = new ArrayList<>();
    Path bin = binWithUnshare();
    var m =
        new PostgresPrerequisites.Machine(
            true,
            "/nonexistent:" + bin,
            cmd -> {
              ran.add(cmd);
              return 0;
            },
            passwd("root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/usr/sbin/nologin\n"));
    assertThat(PostgresPrerequisites.problem(m)).isEmpty();
    assertThat(ran).containsExactly(List.of(bin.resolve("unshare").toString(), "-U", "true"));
  }

  @Test
  void rootWithoutUnshareOnPath() throws Exception {
    var m = new PostgresPrerequisites.Machine(true, dir.toString(), OK, passwd("nobody:x:1:1\n"));
    assertThat(PostgresPrerequisites.problem(m))
        .get()
        .asString()
        .contains("'unshare' is not on PATH");
  }

  @Test
  void rootWithoutNobodyUser() throws Exception {
    var m =
        new PostgresPrerequisites.Machine(
            true, binWithUnshare().toString(), OK, passwd("root:x:0:0\n"));
    assertThat(PostgresPrerequisites.problem(m)).get().asString().contains("no 'nobody' user");
  }

  @Test
  void rootWhereUserNamespacesAreBlocked() throws Exception {
    var m =
        new PostgresPrerequisites.Machine(
            true, binWithUnshare().toString(), cmd -> 1, passwd("nobody:x:1:1\n"));
    assertThat(PostgresPrerequisites.problem(m))
        .get()
        .asString()
        .contains("'unshare -U true' failed (exit code 1)");
  }

  @Test
  void messageSaysWhatIsWrongAndEveryWayToFixIt() {
    String msg = PostgresPrerequisites.message("'unshare' is not on PATH (/x)");
    assertThat(msg)
        .contains("'unshare' is not on PATH")
        .contains("user namespaces")
        .contains("util-linux")
        .contains("non-root")
        .contains("-Dtarget=external");
  }

  @Test
  void zonkysRootRefusalIsTranslated() {
    assertThat(PostgresPrerequisites.looksLikeRootRefusal("initdb: cannot be run as root"))
        .isTrue();
    assertThat(PostgresPrerequisites.looksLikeRootRefusal("other")).isFalse();
    assertThat(PostgresPrerequisites.initdbAsRootMessage())
        .contains("cannot be run as root")
        .contains("-Dtarget=external");
  }

  @Test
  void thisMachinePasses() {
    // the embedded stack is expected to work where the build runs
    assertThat(PostgresPrerequisites.problem(PostgresPrerequisites.thisMachine())).isEmpty();
  }
}
