package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** A Secrets Manager secret that holds the seed as JSON (format rootmfa.io/seed/v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.replicaRegions) || size(self.replicaRegions) == 0 || !has(self.kmsKeyId)"
            + " || self.kmsKeyId.startsWith('alias/') || self.kmsKeyId.startsWith('mrk-')",
    message =
        "with replicaRegions, seedStore.secretsManager.kmsKeyId must be an alias (e.g. alias/rootmfa-seed, present"
            + " in every region) or a multi-Region key id (mrk-...): the same value names the key in each replica"
            + " region, and a single-Region key id or an ARN names a key of one region only")
@Getter
@Setter
public class SecretsManagerStore {
  @Required
  @Size(max = 512)
  @ValidationRule(
      value = "self.matches('^[\\\\w/+=.@-]{1,512}$')",
      message =
          "seedStore.secretsManager.secretName must be 1 to 512 letters, digits or any of /_+=.@-")
  @JsonPropertyDescription(
      "The secret's name, e.g. rootmfa/123456789012/root. One secret per target.")
  private @Nullable String secretName;

  @Size(max = 2048)
  @ValidationRule(
      value = "!self.startsWith('arn:') || " + AwsPartition.ARN,
      message =
          "seedStore.secretsManager.kmsKeyId must be a key id, an alias or an ARN of the aws partition: "
              + AwsPartition.WHY)
  @JsonPropertyDescription(
      "The KMS key (id, ARN or alias) that encrypts the secret. Default: the account's "
          + "aws/secretsmanager key.")
  private @Nullable String kmsKeyId;

  @Size(max = 16)
  @ValidationRule(value = AwsPartition.REGIONS, message = AwsPartition.REGIONS_MESSAGE)
  @JsonPropertyDescription(
      "Regions the secret is replicated to, for disaster recovery. With kmsKeyId, name the key by an"
          + " alias present in every region (e.g. alias/rootmfa-seed) or by a multi-Region key id (mrk-...).")
  private @Nullable List<@Size(max = 32) String> replicaRegions;

  @JsonPropertyDescription("Tags put on the secret when it is created.")
  private @Nullable Map<String, String> tags;

  @ValidationRule(
      value = "self.matches('^[0-9]{12}$')",
      message = "seedStore.secretsManager.custodyAccount must be a 12-digit AWS account id")
  @JsonPropertyDescription(
      "The custody account that keeps this seed, out of reach of the member account's administrators:"
          + " one of the accounts the platform configured for the operator (rootmfa.custody.accounts),"
          + " which also names the role the operator uses there and the break-glass reader. An account"
          + " not configured there is refused (Stalled, CustodyAccountNotConfigured) with no AWS call."
          + " Default: the operator's default custody account if one is configured, else the policy's"
          + " own account.")
  private @Nullable String custodyAccount;

  @JsonPropertyDescription(
      "Refuse to store the seed unless it is encrypted with a customer-managed KMS key (kmsKeyId, or"
          + " the custody account's configured key); never with the aws/secretsmanager key. A custody"
          + " account may require this for every policy.")
  private @Nullable Boolean requireCustomerManagedKey;
}
