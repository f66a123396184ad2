package io.rootmfa.operator.chaos;

import io.rootmfa.operator.emulator.IssuedSecrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches collected text (logs, Events, objects, metrics, test reports) for the secret values a
 * run produced. A hit names the kind of value, the source and the offset, never the value itself,
 * so a failure message is no leak.
 *
 * <p>Seeds (also in the Base64 form in which {@code CreateVirtualMFADevice} returns them) and
 * credentials are long random strings: any occurrence is a leak. A TOTP code is six digits, and
 * six-digit runs are everywhere in logs (microseconds of timestamps, resourceVersions, ports), so a
 * lone match would be noise: one code collides with a given six-digit token with probability 1e-6,
 * and a run has hundreds of codes and thousands of such tokens. A code therefore counts only where
 * it would mean something: both codes of one accepted pair within 200 characters of each other (as
 * a logged request would show them; chance collision about 1e-12 per pair of tokens), or one code
 * within 40 characters after the word "code" (as in {@code AuthenticationCode1=...}).
 */
public final class LeakScan {

  /** One occurrence of a secret value. */
  public record Hit(String kind, String source, int offset) {}

  private LeakScan() {}

  public static List<Hit> scan(IssuedSecrets secrets, Map<String, String> sources) {
    List<Hit> hits = new ArrayList<>();
    sources.forEach(
        (source, text) -> {
          for (String seed : secrets.seeds()) {
            find(hits, "seed", source, text, seed);
            find(
                hits,
                "seed(base64)",
                source,
                text,
                Base64.getEncoder().encodeToString(seed.getBytes(StandardCharsets.US_ASCII)));
          }
          for (String credential : secrets.credentials()) {
            find(hits, "credential", source, text, credential);
          }
          for (List<String> pair : secrets.acceptedCodePairs()) {
            codes(hits, source, text, pair.get(0), pair.get(1));
          }
        });
    return hits;
  }

  /**
   * The lines a {@code rootmfa} command exists to print: the two codes of {@code console-enroll}
   * ({@code MFA code 1: 123456}) and the sign-in code of {@code code} ({@code code: 123456 (valid
   * for about 17 more seconds by AWS's clock)}), in exactly that shape and nothing else on the
   * line.
   */
  public static final Pattern CLI_CODE_LINE =
      Pattern.compile(
          "(?m)^  (MFA code [12]: [0-9]{6}|code: [0-9]{6} \\(valid for about [0-9]+ more seconds"
              + " by AWS's clock\\))$");

  /**
   * Scans a CLI's whole output (stdout and stderr): seeds and credentials anywhere, codes anywhere
   * but in the {@link #CLI_CODE_LINE}s the command exists to print.
   */
  public static List<Hit> scanCliOutput(IssuedSecrets secrets, String source, String output) {
    List<Hit> hits = new ArrayList<>(scan(secrets, Map.of(source, output)));
    hits.removeIf(h -> h.kind().startsWith("code"));
    String withoutPrintedCodes = CLI_CODE_LINE.matcher(output).replaceAll("  (printed code)");
    scan(secrets, Map.of(source, withoutPrintedCodes)).stream()
        .filter(h -> h.kind().startsWith("code"))
        .forEach(hits::add);
    return hits;
  }

  private static void find(List<Hit> hits, String kind, String source, String text, String value) {
    for (int i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
      hits.add(new Hit(kind, source, i));
    }
  }

  private static void codes(
      List<Hit> hits, String source, String text, String first, String second) {
    Matcher pair =
        Pattern.compile(
                "(?<!\\d)"
                    + first
                    + "(?!\\d)[\\s\\S]{0,200}?(?<!\\d)"
                    + second
                    + "(?!\\d)"
                    + "|(?<!\\d)"
                    + second
                    + "(?!\\d)[\\s\\S]{0,200}?(?<!\\d)"
                    + first
                    + "(?!\\d)")
            .matcher(text);
    while (pair.find()) {
      hits.add(new Hit("code pair", source, pair.start()));
    }
    for (String code : List.of(first, second)) {
      Matcher named =
          Pattern.compile("(?i)code[\\s\\S]{0,40}?(?<!\\d)" + code + "(?!\\d)").matcher(text);
      while (named.find()) {
        hits.add(new Hit("code", source, named.start()));
      }
    }
  }
}
