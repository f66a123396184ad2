package io.rootmfa.operator.emulator;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers in AWS's shapes. */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Ids() {}

  /**
   * {@code prefix} followed by 16 upper-case alphanumerics, like {@code AKIA…}, {@code AIDA…},
   * {@code AROA…}.
   */
  static String awsId(String prefix) {
    return prefix + random(UPPER_ALNUM, 16);
  }

  static String secretAccessKey() {
    return random(ALNUM + "+/", 40);
  }

  static String sessionToken() {
    return "IQoJb3JpZ2luX2Vj" + Base64.getEncoder().encodeToString(bytes(96));
  }

  /** The 6-character suffix Secrets Manager appends to secret ARNs. */
  static String secretSuffix() {
    return random(ALNUM, 6);
  }

  /** {@code length} lower-case letters and digits, as in Organizations ids ({@code o-…}). */
  static String lowerAlnum(int length) {
    return random("abcdefghijklmnopqrstuvwxyz0123456789", length);
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String random(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
