package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator as a separate process: the ready line, the admin API, and SIGTERM. */
class AwsEmulatorMainTest {

  private static final Pattern READY =
      Pattern.compile("emulator: listening on (http://127\\.0\\.0\\.1:(\\d+))");

  @Test
  void printsExactlyOneReadyLineServesAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    Path stdout = dir.resolve("stdout");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                AwsEmulatorMain.class.getName(),
                "--port",
                "0",
                "--root-api",
                "refused")
            .redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> !lines(stdout).isEmpty());
      Matcher ready = READY.matcher(lines(stdout).get(0));
      assertThat(ready.matches()).as("ready line").isTrue();

      HttpResponse<String> state =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(ready.group(1) + "/_emulator/state")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(state.statusCode()).isEqualTo(200);

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      assertThat(lines(stdout)).hasSize(1);
    } finally {
      process.destroyForcibly();
    }
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}
