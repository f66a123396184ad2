package io.rootmfa.operator.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * podman through hack/podman.sh: the runc runtime, vfs storage and cgroupfs this machine needs, and
 * storage outside the work tree. Each call waits for podman to end and answers its output.
 */
final class Podman {
  private static final Path SCRIPT = Path.of("hack", "podman.sh");

  /** What one podman command printed (stdout and stderr together) and its exit status. */
  record Result(int exitCode, String output) {
    Result orThrow(List<String> args) {
      if (exitCode != 0) {
        throw new IllegalStateException(
            "podman " + String.join(" ", args) + " exited " + exitCode + ": " + output.strip());
      }
      return this;
    }
  }

  private Podman() {}

  /** Runs podman; throws unless it exits 0. */
  static String run(String... args) throws IOException, InterruptedException {
    return attempt(args).orThrow(List.of(args)).output().strip();
  }

  /** Runs podman and answers whatever it did (for cleanup and inspection that may fail). */
  static Result attempt(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    Path output = Files.createTempFile("podman", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("podman " + String.join(" ", args) + " ran over 5 min");
      }
      return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
