package io.rootmfa.operator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The emulator's own TOTP against RFC 6238 Appendix B (SHA1 rows) and RFC 4648 Base32. */
class TotpVectorsTest {

  /** RFC 6238 Appendix B: the SHA1 seed is the 20-byte ASCII string "12345678901234567890". */
  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "T={0}s → {1}")
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void eightDigitSha1CodesMatchRfc6238AppendixB(long epochSeconds, String expected) {
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(epochSeconds)), 8, "HmacSHA1"))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "T={0}s → {1}")
  @CsvSource({
    "59, 287082",
    "1111111109, 081804",
    "1111111111, 050471",
    "1234567890, 005924",
    "2000000000, 279037",
    "20000000000, 353130"
  })
  void sixDigitCodesAreTheSameTruncationOfTheVectors(long epochSeconds, String expected) {
    assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(epochSeconds)), 6, "HmacSHA1"))
        .isEqualTo(expected);
  }

  @Test
  void base32SeedFormIsDecodedBeforeHashing() {
    String base32 = Totp.base32Encode(RFC_KEY);

    assertThat(base32).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Totp.code(base32, Instant.ofEpochSecond(59))).isEqualTo("287082");
  }

  @Test
  void base32RoundTripsFortyRandomBytesIntoSixtyFourCharacters() {
    byte[] seed = Ids.bytes(40);

    String encoded = Totp.base32Encode(seed);

    assertThat(encoded).hasSize(64).matches("[A-Z2-7]+");
    assertThat(Totp.base32Decode(encoded)).isEqualTo(seed);
  }

  @Test
  void stepsAreThirtySecondsFromTheEpoch() {
    assertThat(Totp.step(Instant.ofEpochSecond(29))).isZero();
    assertThat(Totp.step(Instant.ofEpochSecond(30))).isEqualTo(1);
    assertThat(Totp.step(Instant.ofEpochSecond(59))).isEqualTo(1);
  }
}
