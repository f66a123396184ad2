package io.rootmfa.operator.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.Interceptor.RequestTags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real kube-apiserver + etcd (io.fabric8:kube-api-test, offline, binaries from
 * hack/kube-binaries.sh) for the whole test JVM, with the committed CRD from {@code crds/}
 * installed. There is no controller-manager: namespaces are never deleted and nothing is
 * garbage-collected, so every test works in namespaces of its own.
 */
public final class TestCluster {
  public static final String KUBE_VERSION = System.getProperty("kube.version", "1.33.13");
  public static final Path CRD = Path.of("crds/rootmfapolicies.rootmfa.io-v1.yml");
  public static final Path ORGANIZATION_CRD =
      Path.of("crds/organizationrootmfapolicies.rootmfa.io-v1.yml");
  public static final Path BINDING_CRD = Path.of("crds/rootmfaaccountbindings.rootmfa.io-v1.yml");
  private static TestCluster instance;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** Every write the counted clients made, as METHOD path: for diagnosing a failed count. */
  public static final java.util.List<String> WRITE_LOG =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  private final KubeAPIServer server;
  private final String kubeconfig;
  private final KubernetesClient admin;

  private TestCluster() {
    String dir =
        System.getProperty("kube.api.test.dir", System.getProperty("user.home") + "/.kubeapitest");
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withTestDir(dir)
                .withApiServerVersion(KUBE_VERSION)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(120_000)
                .build());
    server.start();
    kubeconfig = server.getKubeConfigYaml();
    admin = newClient(null);
    installCrd(admin, CRD);
    installCrd(admin, ORGANIZATION_CRD);
    installCrd(admin, BINDING_CRD);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TestCluster::stopIfStarted, "kube-apiserver-stop"));
  }

  public static synchronized TestCluster get() {
    if (instance == null) {
      instance = new TestCluster();
    }
    return instance;
  }

  /** Stops the API server and etcd if this JVM started them; safe to call twice. */
  public static synchronized void stopIfStarted() {
    if (instance != null) {
      instance.admin.close();
      instance.server.stop();
      instance = null;
    }
  }

  public KubernetesClient admin() {
    return admin;
  }

  public String kubeconfigYaml() {
    return kubeconfig;
  }

  /**
   * Writes the admin kubeconfig to a file, for processes (kubectl, the operator) started by tests.
   */
  public Path kubeconfigFile() throws IOException {
    Path p = Files.createTempFile("rootmfa-kubeconfig", ".yaml");
    Files.writeString(p, kubeconfig);
    p.toFile().deleteOnExit();
    return p;
  }

  /** A client whose non-GET requests are counted in {@code writes} (when given). */
  public KubernetesClient newClient(AtomicInteger writes) {
    KubernetesClientBuilder b =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig));
    if (writes != null) {
      b.withHttpClientBuilderConsumer(
          h ->
              h.addOrReplaceInterceptor(
                  "count-writes",
                  new Interceptor() {
                    @Override
                    public void before(
                        BasicBuilder builder, HttpRequest request, RequestTags tags) {
                      if (!request.method().toUpperCase(Locale.ROOT).equals("GET")) {
                        writes.incrementAndGet();
                        WRITE_LOG.add(request.method() + " " + request.uri().getPath());
                      }
                    }
                  }));
    }
    return b.build();
  }

  /** A fresh namespace for one test. */
  public String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    return name;
  }

  private static void installCrd(KubernetesClient client, Path crdFile) {
    try {
      CustomResourceDefinition crd =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .load(Files.newInputStream(crdFile))
              .item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              k ->
                                  k.getType().equals("Established")
                                      && k.getStatus().equals("True")),
              60,
              TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + crdFile, e);
    }
  }
}
