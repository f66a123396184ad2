package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's custody document as found in a secret value ({@code
 * {"format":"rootmfa.io/seed/v2","accountId":…,"target":…,"deviceSerial":…,"seed":…,"owner":…,
 * "state":…}}, or the v1 format without owner and state). Parsed independently of the operator's
 * codec, on purpose. Used only for the emulator's invariant bookkeeping. A {@code pending} v2
 * document names no device yet, so it names none here. {@link #toString()} hides the seed.
 *
 * @param accountId the account the seed belongs to (may be {@code null})
 * @param target {@code root} or {@code iamUser/<name>} (may be {@code null})
 * @param deviceSerial the device serial the seed belongs to (may be {@code null})
 * @param seed the Base32 seed
 */
record SeedRecord(String accountId, String target, String deviceSerial, String seed) {

  static final String FORMAT_V1 = "rootmfa.io/seed/v1";
  static final String FORMAT_V2 = "rootmfa.io/seed/v2";
  private static final ObjectMapper JSON = new ObjectMapper();

  static SeedRecord parse(String secretString) {
    if (secretString == null
        || !(secretString.contains(FORMAT_V1) || secretString.contains(FORMAT_V2))) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(secretString);
      if (node == null
          || !node.isObject()
          || !(FORMAT_V1.equals(node.path("format").asText())
              || FORMAT_V2.equals(node.path("format").asText()))
          || !node.path("seed").isTextual()) {
        return null;
      }
      boolean pending =
          FORMAT_V2.equals(node.path("format").asText())
              && !"complete".equals(node.path("state").asText());
      return new SeedRecord(
          text(node, "accountId"),
          text(node, "target"),
          pending ? null : text(node, "deviceSerial"),
          node.get("seed").asText());
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public String toString() {
    return "SeedRecord[" + accountId + ", " + target + ", " + deviceSerial + "]";
  }
}
