package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;
import org.jspecify.annotations.Nullable;

/** The MFA device assigned to the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@EqualsAndHashCode
public class DeviceStatus {
  @JsonPropertyDescription("The device's serial number (its ARN for a virtual device).")
  private @Nullable String serialNumber;

  @JsonPropertyDescription("When AWS says the device was enabled, RFC 3339.")
  private @Nullable String enabledAt;

  public DeviceStatus() {}

  public DeviceStatus(@Nullable String serialNumber, @Nullable String enabledAt) {
    this.serialNumber = serialNumber;
    this.enabledAt = enabledAt;
  }
}
