package io.rootmfa.operator.emulator;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords, implemented independently of the operator's own TOTP code
 * so that the emulator is a genuine second opinion. AWS virtual MFA uses HMAC-SHA1, 6 digits and a
 * 30 second step.
 */
public final class Totp {

  /** AWS virtual MFA time step. */
  public static final long STEP_SECONDS = 30;

  /** AWS virtual MFA code length. */
  public static final int DIGITS = 6;

  private static final String BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Totp() {}

  /** The 6-digit AWS-style code for a Base32 seed at the given instant. */
  public static String code(String base32Seed, Instant at) {
    return code(base32Decode(base32Seed), step(at), DIGITS, "HmacSHA1");
  }

  /** The 6-digit AWS-style code for a Base32 seed at the given time step. */
  public static String codeAtStep(String base32Seed, long step) {
    return code(base32Decode(base32Seed), step, DIGITS, "HmacSHA1");
  }

  /** The time step (RFC 6238 "T") containing the instant, for a 30 second step and T0 = 0. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /**
   * The generic RFC 6238 / RFC 4226 computation.
   *
   * @param key raw key bytes
   * @param step the counter (time step)
   * @param digits number of decimal digits (6 or 8 in the RFC vectors)
   * @param algorithm a JCA MAC name such as {@code HmacSHA1}
   */
  public static String code(byte[] key, long step, int digits, String algorithm) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, "RAW"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary =
          ((hash[offset] & 0x7f) << 24)
              | ((hash[offset + 1] & 0xff) << 16)
              | ((hash[offset + 2] & 0xff) << 8)
              | (hash[offset + 3] & 0xff);
      int otp = (int) (binary % Math.pow(10, digits));
      return String.format(Locale.ROOT, "%0" + digits + "d", otp);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC not available: " + algorithm, e);
    }
  }

  /**
   * RFC 4648 Base32 encoding without padding (the form AWS returns in {@code Base32StringSeed}).
   */
  public static String base32Encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32_ALPHABET.charAt((buffer >> (bits - 5)) & 0x1f));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32_ALPHABET.charAt((buffer << (5 - bits)) & 0x1f));
    }
    return out.toString();
  }

  /** RFC 4648 Base32 decoding; ignores padding, whitespace and case. */
  public static byte[] base32Decode(String text) {
    String clean = text.replace("=", "").replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < clean.length(); i++) {
      int value = BASE32_ALPHABET.indexOf(clean.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("not a Base32 string");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }
}
