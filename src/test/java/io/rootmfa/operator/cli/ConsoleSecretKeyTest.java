package io.rootmfa.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleSecretKeyTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".repeat(2);

  @Test
  void acceptsTheConsoleKeyAsShownCopiedOrTyped() {
    assertThat(ConsoleSecretKey.parse(KEY).reveal()).isEqualTo(KEY);
    String grouped = KEY.toLowerCase().replaceAll("(.{4})", "$1 ");
    assertThat(ConsoleSecretKey.parse("  " + grouped + "\t").reveal()).isEqualTo(KEY);
  }

  @Test
  void refusesCharactersOutsideBase32WithoutQuotingTheKey() {
    String typo = KEY.substring(0, 63) + "1";
    assertThatThrownBy(() -> ConsoleSecretKey.parse(typo))
        .isInstanceOfSatisfying(
            CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.REFUSED))
        .hasMessageContaining("not Base32")
        .hasMessageNotContaining(KEY.substring(0, 16));
  }

  @Test
  void refusesAnyLengthButAwss() {
    assertThatThrownBy(() -> ConsoleSecretKey.parse(KEY.substring(0, 32)))
        .hasMessageContaining("32 characters, but AWS's are 64");
    assertThatThrownBy(() -> ConsoleSecretKey.parse(KEY + "AAAA"))
        .hasMessageContaining("68 characters");
    assertThatThrownBy(() -> ConsoleSecretKey.parse("   ")).hasMessageContaining("no secret key");
  }
}
