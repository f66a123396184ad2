package io.rootmfa.operator.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads and writes {@link SeedDocument}s: writes {@value #FORMAT_V2}, reads it and {@value
 * #FORMAT_V1}. Pure (no I/O), so a CLI can reuse it. Errors name the field, never the value.
 */
public final class SeedDocumentCodec {
  public static final String FORMAT_V1 = "rootmfa.io/seed/v1";
  public static final String FORMAT_V2 = "rootmfa.io/seed/v2";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SeedDocumentCodec() {}

  public static String encode(SeedDocument d) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("format", FORMAT_V2);
    doc.put("accountId", d.accountId());
    doc.put("target", d.target());
    d.deviceSerial().ifPresent(s -> doc.put("deviceSerial", s));
    doc.put("enrollmentId", d.enrollmentId());
    doc.put("seed", d.seed().reveal());
    doc.put("createdAt", d.createdAt().toString());
    d.owner()
        .ifPresent(
            o -> {
              ObjectNode owner = doc.putObject("owner");
              owner.put("namespace", o.namespace());
              owner.put("name", o.name());
              owner.put("uid", o.uid());
            });
    doc.put("state", d.state().name());
    return doc.toString();
  }

  /**
   * Decodes a secret value.
   *
   * @param where the secret's ARN or name, for the error message
   * @throws MalformedSeedDocument when it is not a v1 or v2 document
   */
  public static SeedDocument decode(String value, String where) {
    JsonNode doc;
    try {
      doc = JSON.readTree(value == null ? "" : value);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input, which is secret: report only where and what.
      throw malformed(where, "is not JSON");
    }
    if (doc == null || !doc.isObject()) {
      throw malformed(where, "is not a JSON object");
    }
    String format = doc.path("format").asText();
    boolean v2 = FORMAT_V2.equals(format);
    if (!v2 && !FORMAT_V1.equals(format)) {
      throw malformed(where, "is not in format " + FORMAT_V2 + " or " + FORMAT_V1);
    }
    SeedDocument.State state =
        v2 ? state(text(doc, "state", where), where) : SeedDocument.State.complete;
    Optional<String> serial = optionalText(doc, "deviceSerial");
    if (state == SeedDocument.State.complete && serial.isEmpty()) {
      throw malformed(where, "has no deviceSerial");
    }
    Optional<PolicyRef> owner = Optional.empty();
    if (v2) {
      JsonNode o = doc.path("owner");
      if (!o.isObject()) {
        throw malformed(where, "has no owner");
      }
      owner =
          Optional.of(
              new PolicyRef(
                  text(o, "namespace", where),
                  text(o, "name", where),
                  optionalText(o, "uid").orElse("")));
    }
    Instant createdAt;
    try {
      createdAt = Instant.parse(text(doc, "createdAt", where));
    } catch (RuntimeException e) {
      throw malformed(where, "has a createdAt that is not an RFC 3339 time");
    }
    Seed seed;
    try {
      seed = Seed.ofBase32(text(doc, "seed", where));
    } catch (IllegalArgumentException e) {
      throw malformed(where, "has a seed that is not Base32");
    }
    return new SeedDocument(
        optionalText(doc, "accountId").orElse(""),
        optionalText(doc, "target").orElse(""),
        serial,
        text(doc, "enrollmentId", where),
        seed,
        createdAt,
        owner,
        state);
  }

  private static SeedDocument.State state(String text, String where) {
    try {
      return SeedDocument.State.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw malformed(where, "has a state other than pending or complete");
    }
  }

  private static String text(JsonNode node, String field, String where) {
    return optionalText(node, field).orElseThrow(() -> malformed(where, "has no " + field));
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static MalformedSeedDocument malformed(String where, String what) {
    return new MalformedSeedDocument("secret " + where + " " + what);
  }
}
