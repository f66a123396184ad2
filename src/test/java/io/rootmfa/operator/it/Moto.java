package io.rootmfa.operator.it;

import java.net.URI;

/** The moto_server that {@code make test} starts as an AWS peer independent of the emulator. */
final class Moto {
  private Moto() {}

  /** Its endpoint, from {@code -Dmoto.endpoint}; without it the peer tests fail saying how. */
  static URI endpoint() {
    String endpoint = System.getProperty("moto.endpoint");
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalStateException(
          "-Dmoto.endpoint is not set: run 'make test', which starts moto_server");
    }
    return URI.create(endpoint);
  }
}
