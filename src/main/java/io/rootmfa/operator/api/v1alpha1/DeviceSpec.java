package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** The virtual MFA device the operator creates for the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class DeviceSpec {
  @Size(max = 226)
  @ValidationRule(
      value = "self.matches('^[\\\\w+=,.@-]{1,226}$')",
      message = "device.name must be 1 to 226 letters, digits or any of _+=,.@-")
  @JsonPropertyDescription("The device name. Default rootmfa-root or rootmfa-<userName>.")
  private @Nullable String name;

  @Size(max = 512)
  @ValidationRule(value = Formats.IAM_PATH, message = Formats.IAM_PATH_MESSAGE)
  @JsonPropertyDescription(
      "The IAM path of the device, beginning and ending with '/'. Default /rootmfa/.")
  private @Nullable String path;

  @JsonPropertyDescription("Tags put on the device when it is created.")
  private @Nullable Map<String, String> tags;
}
