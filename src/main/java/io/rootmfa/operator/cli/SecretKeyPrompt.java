package io.rootmfa.operator.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the console's secret key: from the terminal without echo ({@link Console#readPassword}),
 * or, when stdin is not a terminal (a pipe, a test), one line from stdin. The key is never echoed.
 */
final class SecretKeyPrompt {
  private final InputStream stdin;
  private final boolean useTerminal;

  SecretKeyPrompt(InputStream stdin, boolean useTerminal) {
    this.stdin = stdin;
    this.useTerminal = useTerminal;
  }

  /** The typed key; the caller validates it. */
  char[] read(PrintWriter out, String prompt) {
    Console console = useTerminal ? System.console() : null;
    if (console != null) {
      char[] typed = console.readPassword("%s", prompt);
      if (typed == null) {
        throw new CliFailure(ExitCodes.INTERRUPTED, "no secret key entered; nothing was written");
      }
      return typed;
    }
    out.println(prompt + "(reading one line from stdin)");
    out.flush();
    try {
      String line =
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.US_ASCII)).readLine();
      if (line == null) {
        throw new CliFailure(
            ExitCodes.REFUSED, "stdin ended before a secret key was given; nothing was written");
      }
      char[] typed = line.toCharArray();
      return typed;
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.REFUSED, "cannot read stdin; nothing was written");
    }
  }

  static void wipe(char[] typed) {
    Arrays.fill(typed, '\0');
  }
}
