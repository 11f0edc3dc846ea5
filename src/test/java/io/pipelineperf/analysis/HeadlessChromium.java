package io.pipelineperf.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the Debian chromium headless on a local file: DOM after scripts, or a screenshot. */
final class HeadlessChromium {

  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome");

  private final Path executable;

  private HeadlessChromium(Path executable) {
    this.executable = executable;
  }

  static Optional<HeadlessChromium> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : NAMES) {
      for (String dir : path.split(":")) {
        Path candidate = Path.of(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(candidate)) {
          return Optional.of(new HeadlessChromium(candidate));
        }
      }
    }
    return Optional.empty();
  }

  String dumpDom(Path html) throws IOException, InterruptedException {
    return run(html, "--dump-dom");
  }

  void screenshot(Path html, Path png, int width, int height)
      throws IOException, InterruptedException {
    run(html, "--screenshot=" + png, "--window-size=" + width + "," + height);
  }

  private String run(Path html, String... extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Path out = Files.createTempFile("chromium-out", ".txt");
    List<String> cmd = new ArrayList<>();
    cmd.add(executable.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--virtual-time-budget=10000",
            "--user-data-dir=" + profile));
    cmd.addAll(List.of(extra));
    cmd.add(html.toUri().toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("chromium did not finish within 120 s");
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(out);
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
