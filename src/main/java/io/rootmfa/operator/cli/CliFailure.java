package io.rootmfa.operator.cli;

/**
 * Ends a command with one line for the person and an exit code ({@link ExitCodes}). The message
 * never holds a seed, a code or a key.
 */
final class CliFailure extends RuntimeException {
  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
