package io.rootmfa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SeedSecretPolicyTest {

  @Test
  void theOperatorAttachesWhatDeployAwsDocuments() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(
            json.readTree(
                SeedSecretPolicy.document(
                    "arn:aws:iam::777788889999:role/RootMfaSeedCustodian",
                    "arn:aws:iam::777788889999:role/RootMfaBreakGlass")))
        .isEqualTo(
            json.readTree(Files.readString(Path.of("deploy/aws/secret-resource-policy.json"))));
  }
}
