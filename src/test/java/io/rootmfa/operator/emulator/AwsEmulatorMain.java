package io.rootmfa.operator.emulator;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator as its own process (for {@code make demo} and crash tests).
 *
 * <pre>
 * java … io.rootmfa.operator.emulator.AwsEmulatorMain [--port N] [--root-api allowed|refused]
 * </pre>
 *
 * Prints exactly one line, {@code emulator: listening on http://127.0.0.1:<port>}, when ready, and
 * stops on SIGTERM (or SIGINT). Configure it through the admin API ({@link AdminApi}).
 */
public final class AwsEmulatorMain {

  private AwsEmulatorMain() {}

  /** Entry point. */
  public static void main(String[] args) throws InterruptedException {
    AwsEmulator.Builder builder = AwsEmulator.builder();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> builder.port(Integer.parseInt(value(args, ++i)));
        case "--root-api" ->
            builder.rootApiMode(RootApiMode.valueOf(value(args, ++i).toUpperCase(Locale.ROOT)));
        case "--no-signature-check" -> builder.verifySignatures(false);
        default -> {
          System.err.println(
              "usage: AwsEmulatorMain [--port N] [--root-api allowed|refused] "
                  + "[--no-signature-check]");
          System.exit(2);
        }
      }
    }
    AwsEmulator emulator = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "aws-emulator-shutdown"));
    System.out.println("emulator: listening on " + emulator.endpoint());
    System.out.flush();
    stopped.await();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value for " + args[i - 1]);
    }
    return args[i];
  }
}
