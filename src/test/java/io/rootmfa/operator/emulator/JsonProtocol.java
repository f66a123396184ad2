package io.rootmfa.operator.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** The AWS JSON 1.1 protocol as Secrets Manager uses it. */
final class JsonProtocol {

  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonProtocol() {}

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new AwsError(
            "SerializationException", 400, "Start of structure or map found where not expected.");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new AwsError(
          "SerializationException", 400, "Unable to parse the request body as JSON.");
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Epoch seconds with millisecond fraction, as AWS JSON services send timestamps. */
  static BigDecimal timestamp(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  static HttpReply success(ObjectNode body) {
    return HttpReply.of(200, CONTENT_TYPE, write(body));
  }

  /** {@code {"__type": code, "message": …}} with {@code x-amzn-ErrorType}. */
  static HttpReply error(AwsError error) {
    ObjectNode body = object().put("__type", error.code()).put("message", error.getMessage());
    return HttpReply.of(error.status(), CONTENT_TYPE, write(body))
        .withHeader("x-amzn-ErrorType", error.code());
  }

  /** A 200 response whose JSON is cut off mid-string. */
  static HttpReply malformed() {
    return HttpReply.of(200, CONTENT_TYPE, "{\"ARN\":\"arn:aws:secretsmanager:");
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
