package io.rootmfa.operator.cli;

/** The exit codes of every {@code rootmfa} command (also in {@code --help} and docs/cli.md). */
final class ExitCodes {
  /** Done. */
  static final int OK = 0;

  /**
   * Refused before anything was written: a secret key that is not 64 Base32 characters, a closed or
   * missing break-glass window, a seed secret that holds another target's or policy's seed, a
   * policy that does not ask for this, no seed in custody.
   */
  static final int REFUSED = 1;

  /** The command line is wrong (picocli's usage error). */
  static final int USAGE = 2;

  /** The policy could not be read: not found, or the cluster is unreachable. */
  static final int NO_POLICY = 3;

  /** AWS: no credentials, credentials of another account, access denied, AWS unavailable. */
  static final int AWS = 4;

  /** AWS did not show root's new device before the wait ended; the seed stays pending. */
  static final int TIMED_OUT = 5;

  /** Interrupted (Ctrl-C); the seed secret holds nothing or a pending document. */
  static final int INTERRUPTED = 130;

  static final String HELP =
      "%nExit codes:%n"
          + "  0    done%n"
          + "  1    refused, nothing written (bad secret key, window closed, secret of another target,"
          + " no seed in custody)%n"
          + "  2    usage error%n"
          + "  3    the policy could not be read (not found, cluster unreachable)%n"
          + "  4    AWS: no credentials, another account, access denied, unavailable%n"
          + "  5    root's new device did not appear in time (the seed stays pending; run again)%n"
          + "  130  interrupted%n";

  private ExitCodes() {}
}
