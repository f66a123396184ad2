package io.rootmfa.operator.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.rootmfa.operator.workflow.Seed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpCodesTest {

  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "RFC 6238 Appendix B, SHA1, T={0}s -> {1}")
  @CsvSource({
    "59, 94287082",
    "1111111109, 07081804",
    "1111111111, 14050471",
    "1234567890, 89005924",
    "2000000000, 69279037",
    "20000000000, 65353130"
  })
  void matchesRfc6238AppendixBSha1Vectors(long epochSeconds, String expected) {
    TotpCodes eightDigits =
        new TotpCodes(8, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    assertThat(eightDigits.codeAt(RFC_KEY, Instant.ofEpochSecond(epochSeconds)))
        .isEqualTo(expected);
  }

  @Test
  void awsCodesAreTheLastSixDigitsOfTheRfcCodeForABase32Seed() {
    Seed seed = Seed.ofBase32(new Base32().encodeAsString(RFC_KEY));
    assertThat(new TotpCodes().codeAt(seed, Instant.ofEpochSecond(59))).isEqualTo("287082");
    assertThat(new TotpCodes().codeAt(seed, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
  }

  @Test
  void consecutiveCodesAreForTheCurrentAndTheNextStep() {
    Seed seed = Seed.ofBase32(new Base32().encodeAsString(RFC_KEY));
    TotpCodes totp = new TotpCodes();
    Instant midStep = Instant.ofEpochSecond(1111111111 - 1111111111 % 30 + 17);
    TotpCodes.ConsecutiveCodes codes = totp.consecutiveCodes(seed, midStep);
    assertThat(codes.first()).isEqualTo(totp.codeAt(seed, midStep));
    assertThat(codes.second()).isEqualTo(totp.codeAt(seed, midStep.plusSeconds(30)));
    assertThat(codes.first()).isNotEqualTo(codes.second());
  }

  @Test
  void neitherCodesNorSeedsShowInStrings() {
    Seed seed = Seed.ofBase32(new Base32().encodeAsString(RFC_KEY));
    TotpCodes.ConsecutiveCodes codes =
        new TotpCodes().consecutiveCodes(seed, Instant.ofEpochSecond(59));
    assertThat(codes.toString()).doesNotContain(codes.first()).doesNotContain(codes.second());
    assertThat(seed.toString()).doesNotContain(seed.reveal());
  }
}
