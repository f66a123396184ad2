package io.rootmfa.operator.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A real kube-apiserver + etcd (the test cluster, CRD installed) as a process of its own, for
 * {@code make demo} and the crash matrix: writes the admin kubeconfig to the path given, prints one
 * line {@code apiserver: ready <kubeconfig>} and runs until SIGTERM.
 */
public final class ApiServerMain {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ApiServerMain <kubeconfig-path>");
      System.exit(2);
    }
    TestCluster cluster = TestCluster.get();
    Path kubeconfig = Path.of(args[0]);
    Files.writeString(kubeconfig, cluster.kubeconfigYaml());
    System.out.println("apiserver: ready " + kubeconfig);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
