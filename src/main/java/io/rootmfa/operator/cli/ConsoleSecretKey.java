package io.rootmfa.operator.cli;

import io.rootmfa.operator.workflow.Seed;
import java.util.Locale;

/**
 * The secret key the AWS console shows in step 5 of "Assign MFA device" ("Show secret key"): the
 * device's Base32 seed, which {@code CreateVirtualMFADevice} returns as {@code Base32StringSeed}:
 * 40 random bytes, so 64 characters of A-Z and 2-7. Spaces and lower case (from copying or typing)
 * are tolerated; anything else is refused with a reason that never quotes the key.
 */
final class ConsoleSecretKey {
  /** The length of an AWS virtual MFA seed in Base32 (40 bytes). */
  static final int LENGTH = 64;

  private ConsoleSecretKey() {}

  /**
   * @throws CliFailure when it is not a 64-character Base32 key
   */
  static Seed parse(CharSequence typed) {
    StringBuilder key = new StringBuilder(LENGTH);
    boolean foreign = false;
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      if (Character.isWhitespace(c) || c == '-') {
        continue;
      }
      char upper = Character.toUpperCase(c);
      if ((upper >= 'A' && upper <= 'Z') || (upper >= '2' && upper <= '7')) {
        key.append(upper);
      } else {
        foreign = true;
      }
    }
    if (key.length() == 0 && !foreign) {
      throw new CliFailure(
          ExitCodes.REFUSED, "no secret key was entered; nothing was written to AWS");
    }
    if (foreign) {
      throw new CliFailure(
          ExitCodes.REFUSED,
          "the secret key has characters that are not Base32 (A-Z, 2-7; 0, 1, 8 and 9 never "
              + "occur): copy it again from the console; nothing was written to AWS");
    }
    if (key.length() != LENGTH) {
      throw new CliFailure(
          ExitCodes.REFUSED,
          "the secret key has "
              + key.length()
              + " characters, but AWS's are "
              + LENGTH
              + ": copy it again from the console; nothing was written to AWS");
    }
    return Seed.ofBase32(key.toString().toUpperCase(Locale.ROOT));
  }
}
