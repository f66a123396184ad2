package io.rootmfa.operator.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An integration test: it needs servers that {@code make test} starts (a real kube-apiserver +
 * etcd, moto_server) besides the in-process AWS emulator. {@code make unit} leaves these out
 * ({@code -DexcludedGroups=integration}); {@code make test} runs them all, and the failsafe {@code
 * *IT} classes besides.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("integration")
public @interface Integration {}
