package io.rootmfa.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootmfa.operator.workflow.AccountPermission.Binding;
import io.rootmfa.operator.workflow.AccountPermission.NeedsUnits;
import io.rootmfa.operator.workflow.AccountPermission.NotPermitted;
import io.rootmfa.operator.workflow.AccountPermission.Permitted;
import io.rootmfa.operator.workflow.AccountPermission.Request;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccountPermissionTest {
  static final Binding TEAM_A =
      new Binding(
          "team-a",
          Set.of("team-a"),
          Set.of("111111111111"),
          Set.of(),
          Set.of(CredentialKind.AssumeRole));
  static final Binding TEAM_B =
      new Binding(
          "team-b",
          Set.of("team-b"),
          Set.of("222222222222"),
          Set.of("ou-ab12-bbbbbbbb"),
          Set.of(CredentialKind.AssumeRole, CredentialKind.SecretRef));
  static final Binding PLATFORM =
      new Binding(
          "platform",
          Set.of("rootmfa-system"),
          Set.of("999999999999"),
          Set.of(),
          Set.of(CredentialKind.Default));
  static final List<Binding> BINDINGS = List.of(TEAM_B, PLATFORM, TEAM_A);

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of(
            "nothing bound", List.of(), "team-a", "111111111111", CredentialKind.AssumeRole, "no"),
        Arguments.of(
            "own account", BINDINGS, "team-a", "111111111111", CredentialKind.AssumeRole, "team-a"),
        Arguments.of(
            "another team's account",
            BINDINGS,
            "team-a",
            "222222222222",
            CredentialKind.AssumeRole,
            "no"),
        Arguments.of(
            "own account, kind not bound",
            BINDINGS,
            "team-a",
            "111111111111",
            CredentialKind.SecretRef,
            "no"),
        Arguments.of(
            "the operator's identity from a tenant",
            BINDINGS,
            "team-a",
            "111111111111",
            CredentialKind.Default,
            "no"),
        Arguments.of(
            "the operator's identity where bound",
            BINDINGS,
            "rootmfa-system",
            "999999999999",
            CredentialKind.Default,
            "platform"),
        Arguments.of(
            "unknown namespace",
            BINDINGS,
            "team-c",
            "111111111111",
            CredentialKind.AssumeRole,
            "no"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void permitsOnlyWhatABindingNames(
      String name,
      List<Binding> bindings,
      String namespace,
      String account,
      CredentialKind kind,
      String permittedBy) {
    AccountPermission.Answer answer =
        AccountPermission.decide(
            bindings, new Request(namespace, account, kind), Optional.of(Set.of()));
    if (permittedBy.equals("no")) {
      assertThat(answer).isInstanceOf(NotPermitted.class);
      assertThat(((NotPermitted) answer).message())
          .contains("namespace " + namespace)
          .contains("account " + account)
          .contains("credentials." + kind.field())
          .contains("no AWS call");
    } else {
      assertThat(answer)
          .isEqualTo(new Permitted(permittedBy, "rootmfa:" + permittedBy + ":" + namespace));
    }
  }

  @Test
  void anAccountOnlyAnOuCouldHoldIsAskedOfAwsOrganizationsFirst() {
    Request request = new Request("team-b", "333333333333", CredentialKind.AssumeRole);
    assertThat(AccountPermission.decide(BINDINGS, request, Optional.empty()))
        .isEqualTo(new NeedsUnits(Set.of("ou-ab12-bbbbbbbb")));
    assertThat(AccountPermission.decide(BINDINGS, request, Optional.of(Set.of("ou-ab12-bbbbbbbb"))))
        .isEqualTo(new Permitted("team-b", "rootmfa:team-b:team-b"));
    assertThat(AccountPermission.decide(BINDINGS, request, Optional.of(Set.of())))
        .isInstanceOf(NotPermitted.class);
  }

  @Test
  void aDirectlyBoundAccountNeedsNoOrganizationsCall() {
    assertThat(
            AccountPermission.decide(
                BINDINGS,
                new Request("team-b", "222222222222", CredentialKind.SecretRef),
                Optional.empty()))
        .isEqualTo(new Permitted("team-b", "rootmfa:team-b:team-b"));
  }

  @Test
  void aNamespaceInTwoBindingsGetsTheExternalIdOfTheFirstByName() {
    Binding alpha =
        new Binding(
            "alpha",
            Set.of("team-a"),
            Set.of("111111111111"),
            Set.of(),
            Set.of(CredentialKind.AssumeRole));
    assertThat(
            AccountPermission.decide(
                List.of(TEAM_A, alpha),
                new Request("team-a", "111111111111", CredentialKind.AssumeRole),
                Optional.empty()))
        .isEqualTo(new Permitted("alpha", "rootmfa:alpha:team-a"));
  }

  @Test
  void theMessageNamesABindingThatPermitsOnlyOtherKinds() {
    NotPermitted answer =
        (NotPermitted)
            AccountPermission.decide(
                BINDINGS,
                new Request("team-a", "111111111111", CredentialKind.SecretRef),
                Optional.empty());
    assertThat(answer.message()).contains("binding team-a (assumeRole) permits only other kinds");
  }

  @Test
  void anOrganizationPolicyNeedsItsNamespaceBoundForItsKind() {
    assertThat(AccountPermission.decideNamespace(BINDINGS, "team-b", CredentialKind.AssumeRoot))
        .isInstanceOf(NotPermitted.class);
    assertThat(AccountPermission.decideNamespace(BINDINGS, "team-b", CredentialKind.SecretRef))
        .isEqualTo(new Permitted("team-b", "rootmfa:team-b:team-b"));
  }
}
