package io.rootmfa.operator.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response to write, or (with {@link #dropConnection()}) the instruction to close the
 * connection without answering, which is how a lost response looks to a client.
 *
 * @param status HTTP status
 * @param headers response headers (the server adds {@code Content-Length} and {@code Connection})
 * @param body response body
 * @param dropConnection close the socket instead of answering
 */
record HttpReply(int status, Map<String, String> headers, byte[] body, boolean dropConnection) {

  static HttpReply of(int status, String contentType, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    return new HttpReply(status, headers, body.getBytes(StandardCharsets.UTF_8), false);
  }

  static HttpReply drop() {
    return new HttpReply(0, Map.of(), new byte[0], true);
  }

  HttpReply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpReply(status, copy, body, dropConnection);
  }
}
