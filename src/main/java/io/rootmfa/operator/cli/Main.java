package io.rootmfa.operator.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rootmfa}: the person's side of root MFA on real AWS. {@code console-enroll} keeps the seed
 * of a device the person adds in the AWS console in the operator's custody and gives the two codes
 * the console asks for; {@code code} gives a sign-in code from custody. A failure is one line on
 * stderr and an exit code ({@link ExitCodes}); no command prints or logs a seed.
 */
@Command(
    name = "rootmfa",
    mixinStandardHelpOptions = true,
    version = "rootmfa (rootmfa-operator)",
    usageHelpWidth = 110,
    resourceBundle = "io.rootmfa.operator.cli.Usage",
    description =
        "The person's side of root MFA on real AWS, with the seed in the operator's custody.",
    subcommands = {ConsoleEnrollCommand.class, CodeCommand.class, CommandLine.HelpCommand.class},
    footer = ExitCodes.HELP)
public final class Main implements Runnable {
  final InputStream stdin;
  final boolean terminal;

  @Spec CommandSpec spec;

  Main(InputStream stdin, boolean terminal) {
    this.stdin = stdin;
    this.terminal = terminal;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    // The operator's classes log through JBoss Logging at INFO for the operator; a person needs
    // only the CLI's own lines, and warnings.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    }
    Logger.getLogger("").setLevel(Level.WARNING);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.in, true, out, err));
  }

  /** Runs one command line; {@code terminal} false reads the secret key from {@code stdin}. */
  static int run(
      String[] args, InputStream stdin, boolean terminal, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main(stdin, terminal));
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          err.println("rootmfa: " + e.getMessage() + " (see rootmfa --help)");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof CliFailure f) {
            err.println("rootmfa: " + f.getMessage());
            return f.exitCode();
          }
          // Not the message: it could quote a response. The type says what broke.
          err.println("rootmfa: unexpected " + e.getClass().getName() + "; nothing more is shown");
          return ExitCodes.AWS;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
