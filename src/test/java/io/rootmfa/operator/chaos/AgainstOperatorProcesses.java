package io.rootmfa.operator.chaos;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The lifecycle every process-level test shares: one {@link ChaosWorld} (API server, emulator,
 * build) per class.
 */
abstract class AgainstOperatorProcesses {
  static ChaosWorld world;

  @BeforeAll
  static void startWorld() throws Exception {
    world = ChaosWorld.forIntegrationTests();
  }

  @AfterAll
  static void stopWorld() throws Exception {
    if (world != null) {
      world.close();
      world = null;
    }
  }
}
