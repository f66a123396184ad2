package io.rootmfa.operator.workflow;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A virtual MFA device's Base32 seed. Opaque on purpose: {@link #toString()} never shows it, so it
 * cannot reach a log line, an exception message or a status through string conversion. Only the
 * TOTP generator and the seed vault read its characters, through {@link #reveal()}.
 */
public final class Seed {
  private final char[] base32;

  private Seed(char[] base32) {
    this.base32 = base32;
  }

  public static Seed ofBase32(String base32) {
    if (base32 == null || base32.isBlank()) {
      throw new IllegalArgumentException("a seed must not be empty");
    }
    String text = base32.trim();
    if (!text.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7') || c == '=')) {
      // Say what is wrong, never what it is.
      throw new IllegalArgumentException("a seed must be Base32 (A-Z, 2-7)");
    }
    return new Seed(text.toCharArray());
  }

  /** The Base32 text. Callers must not log, print or persist it anywhere but the seed vault. */
  public String reveal() {
    return new String(base32);
  }

  /** Compares in constant time; used to check a read-back against what was written. */
  public boolean sameAs(Seed other) {
    byte[] a = new String(base32).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] b = new String(other.base32).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(a, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Seed s && sameAs(s);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(base32);
  }

  @Override
  public String toString() {
    return "Seed[redacted]";
  }
}
