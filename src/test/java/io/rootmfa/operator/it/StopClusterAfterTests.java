package io.rootmfa.operator.it;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared API server and etcd when the test session ends, not in a JVM shutdown hook: a
 * forked test JVM that is killed after its tests (surefire does so when threads linger) runs no
 * hooks and would leave them behind.
 */
public class StopClusterAfterTests implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    TestCluster.stopIfStarted();
  }
}
