package io.rootmfa.operator.workflow;

import java.time.Instant;

/** An approved window in which Enforce may write to AWS. */
public record BreakGlassWindow(String ticket, String approvedBy, Instant expiresAt) {

  public boolean isOpenAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
