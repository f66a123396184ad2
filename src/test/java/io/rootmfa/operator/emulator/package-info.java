/**
 * An AWS emulator for tests: the ground truth rootmfa-operator is proven against.
 *
 * <p>{@link io.rootmfa.operator.emulator.AwsEmulator} serves IAM and STS (AWS Query protocol:
 * form-encoded {@code Action}/{@code Version} requests, XML responses in the {@code 2010-05-08} /
 * {@code 2011-06-15} namespaces) and Secrets Manager (AWS JSON 1.1, {@code X-Amz-Target:
 * secretsmanager.<Operation>}) on one loopback endpoint, which is what AWS SDK for Java 2.57.8
 * sends for these services. Point the real SDK at it with {@code
 * endpointOverride(emulator.endpoint())}; {@link io.rootmfa.operator.emulator.EmulatorClients}
 * builds such clients.
 *
 * <p>Behaviour follows AWS: SigV4 identifies (and by default authenticates) the caller; TOTP codes
 * are checked against the emulator clock (RFC 6238, SHA-1, 6 digits, 30 s; a consecutive pair
 * starting at most two steps back, never reusing a step); the seed is returned only by {@code
 * CreateVirtualMFADevice}; root enrollment follows {@link
 * io.rootmfa.operator.emulator.RootApiMode}; Secrets Manager versions follow {@code
 * ClientRequestToken} idempotency. Quotas, deny rules, refused KMS keys and {@link
 * io.rootmfa.operator.emulator.Faults} let tests provoke every failure the operator must survive;
 * {@link io.rootmfa.operator.emulator.CallLog} and {@link io.rootmfa.operator.emulator.Invariants}
 * let them check what happened, without exposing secrets.
 *
 * <p>For other processes, {@link io.rootmfa.operator.emulator.AwsEmulatorMain} runs it standalone
 * with the admin JSON API under {@code /_emulator/} (see {@code AdminApi}).
 */
package io.rootmfa.operator.emulator;
