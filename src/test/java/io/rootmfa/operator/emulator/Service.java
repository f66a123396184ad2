package io.rootmfa.operator.emulator;

/**
 * The emulated services, their SigV4 names and wire protocols (as AWS SDK for Java 2.57.8 speaks
 * them).
 */
enum Service {
  /** IAM: AWS Query protocol, API version 2010-05-08. */
  IAM("iam", "2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/"),
  /** STS: AWS Query protocol, API version 2011-06-15. */
  STS("sts", "2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/"),
  /** Secrets Manager: AWS JSON 1.1 with {@code X-Amz-Target: secretsmanager.<Operation>}. */
  SECRETS_MANAGER("secretsmanager", null, null),
  /**
   * Organizations: AWS JSON 1.1 with {@code X-Amz-Target: AWSOrganizationsV20161128.<Operation>}.
   */
  ORGANIZATIONS("organizations", null, null);

  private final String signingName;
  private final String apiVersion;
  private final String xmlNamespace;

  Service(String signingName, String apiVersion, String xmlNamespace) {
    this.signingName = signingName;
    this.apiVersion = apiVersion;
    this.xmlNamespace = xmlNamespace;
  }

  String signingName() {
    return signingName;
  }

  String apiVersion() {
    return apiVersion;
  }

  String xmlNamespace() {
    return xmlNamespace;
  }

  boolean isQuery() {
    return xmlNamespace != null;
  }

  static Service bySigningName(String name) {
    for (Service s : values()) {
      if (s.signingName.equals(name)) {
        return s;
      }
    }
    return null;
  }

  static Service byApiVersion(String version) {
    for (Service s : values()) {
      if (version != null && version.equals(s.apiVersion)) {
        return s;
      }
    }
    return null;
  }
}
