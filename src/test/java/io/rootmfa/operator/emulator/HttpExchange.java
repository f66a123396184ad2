package io.rootmfa.operator.emulator;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed HTTP/1.1 request as the emulator's own server received it.
 *
 * @param method request method
 * @param path request path without the query string
 * @param query raw query string or empty
 * @param headers header values by lower-case name, in arrival order
 * @param body the complete request body
 * @param remote the peer's address
 */
record HttpExchange(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    byte[] body,
    InetAddress remote) {

  /** The first value of a header (case-insensitive name) or {@code null}. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
