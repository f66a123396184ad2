package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's seed document as found in a secret value ({@code
 * {"format":"rootmfa.io/seed/v1","accountId":…,"target":…,"deviceSerial":…,"seed":…}}). Used only
 * for the emulator's invariant bookkeeping. {@link #toString()} hides the seed.
 *
 * @param accountId the account the seed belongs to (may be {@code null})
 * @param target {@code root} or {@code iamUser/<name>} (may be {@code null})
 * @param deviceSerial the device serial the seed belongs to (may be {@code null})
 * @param seed the Base32 seed
 */
record SeedRecord(String accountId, String target, String deviceSerial, String seed) {

  static final String FORMAT = "rootmfa.io/seed/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  static SeedRecord parse(String secretString) {
    if (secretString == null || !secretString.contains(FORMAT)) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(secretString);
      if (node == null
          || !node.isObject()
          || !FORMAT.equals(node.path("format").asText())
          || !node.path("seed").isTextual()) {
        return null;
      }
      return new SeedRecord(
          text(node, "accountId"),
          text(node, "target"),
          text(node, "deviceSerial"),
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
