package io.rootmfa.operator.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.rootmfa.operator.workflow.Seed;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * RFC 6238 codes as AWS virtual MFA devices compute them: HMAC-SHA1, 6 digits, 30-second steps,
 * over the Base32-decoded seed. Backed by {@code com.eatthepath:java-otp}; Base32 by commons-codec.
 */
public final class TotpCodes {
  public static final Duration STEP = Duration.ofSeconds(30);
  private static final int DIGITS = 6;

  private final TimeBasedOneTimePasswordGenerator generator;

  public TotpCodes() {
    this(DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
  }

  TotpCodes(int digits, String algorithm) {
    this.generator = new TimeBasedOneTimePasswordGenerator(STEP, digits, algorithm);
  }

  /**
   * Two consecutive codes for the 30-second steps T and T+1, where T is the step that holds {@code
   * awsNow}.
   */
  public ConsecutiveCodes consecutiveCodes(Seed seed, Instant awsNow) {
    SecretKeySpec key = keyOf(seed);
    Instant first = stepStart(awsNow);
    return new ConsecutiveCodes(codeAt(key, first), codeAt(key, first.plus(STEP)));
  }

  /** The code for the step that holds {@code instant}. */
  public String codeAt(Seed seed, Instant instant) {
    return codeAt(keyOf(seed), instant);
  }

  String codeAt(byte[] rawKey, Instant instant) {
    return codeAt(new SecretKeySpec(rawKey, generator.getAlgorithm()), instant);
  }

  private String codeAt(SecretKeySpec key, Instant instant) {
    try {
      return generator.generateOneTimePasswordString(key, instant, Locale.ROOT);
    } catch (InvalidKeyException e) {
      // The message of an InvalidKeyException could describe the key; say only what failed.
      throw new IllegalStateException("the MFA seed cannot be used as an HMAC key");
    }
  }

  private SecretKeySpec keyOf(Seed seed) {
    byte[] raw = new Base32().decode(seed.reveal());
    if (raw.length == 0) {
      throw new IllegalArgumentException("the MFA seed is not Base32");
    }
    return new SecretKeySpec(raw, generator.getAlgorithm());
  }

  private static Instant stepStart(Instant t) {
    long step = STEP.getSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), step) * step);
  }

  /** Two codes for consecutive steps; {@link #toString()} hides them. */
  public record ConsecutiveCodes(String first, String second) {
    @Override
    public String toString() {
      return "ConsecutiveCodes[redacted]";
    }
  }
}
