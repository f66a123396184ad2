package io.rootmfa.operator.workflow;

/**
 * A device created in this reconcile whose seed is still only in memory: the one dangerous moment.
 * The next step is always to store the seed; if the process dies first, the device is an orphan and
 * is deleted next time.
 */
public record FreshDevice(String serialNumber, String enrollmentId, Seed seed) {}
