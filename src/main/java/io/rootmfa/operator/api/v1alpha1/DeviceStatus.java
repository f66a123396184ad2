package io.rootmfa.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The MFA device assigned to the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
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

  public @Nullable String getSerialNumber() {
    return serialNumber;
  }

  public void setSerialNumber(@Nullable String serialNumber) {
    this.serialNumber = serialNumber;
  }

  public @Nullable String getEnabledAt() {
    return enabledAt;
  }

  public void setEnabledAt(@Nullable String enabledAt) {
    this.enabledAt = enabledAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceStatus d
        && Objects.equals(serialNumber, d.serialNumber)
        && Objects.equals(enabledAt, d.enabledAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serialNumber, enabledAt);
  }
}
