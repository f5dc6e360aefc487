package dev.lifeline.failure;

import dev.lifeline.failure.AnswerReader.Finding;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.Remedy;
import dev.lifeline.model.RemedyTable;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the {@link RuleTable}: which providers it is for, what it asks of the {@link
 * Evidence}, and the kind (and, when the classifier knows better than the kind's default, the
 * remedy) a match means.
 *
 * <p>An error row judges an error (a non-2xx, or a 2xx carrying an error envelope) and its failure
 * carries the evidence's code, message, wait and headers. An answer row judges a 2xx answer, and
 * its {@link Finding} names the code and message, since an answer has neither.
 *
 * @param name what the row is about, for tests and for reading the table
 * @param providers the providers the row is for
 * @param when what the row asks; for an answer row, whether {@code finding} finds anything
 * @param kind the kind a match means
 * @param hint the remedy a match means, or null for the kind's default
 * @param finding for an answer row, what it found; null for an error row
 */
record Rule(
    String name,
    Set<ProviderType> providers,
    Predicate<Evidence> when,
    ErrorKind kind,
    Remedy hint,
    Function<Evidence, Optional<Finding>> finding) {

  Rule {
    Objects.requireNonNull(name, "name");
    providers = Set.copyOf(providers);
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(kind, "kind");
  }

  /** An error row. */
  static Rule error(
      String name, Set<ProviderType> providers, Predicate<Evidence> when, ErrorKind kind) {
    return new Rule(name, providers, when, kind, null, null);
  }

  /** An error row whose match also means a remedy. */
  static Rule error(
      String name,
      Set<ProviderType> providers,
      Predicate<Evidence> when,
      ErrorKind kind,
      Remedy hint) {
    return new Rule(name, providers, when, kind, hint, null);
  }

  /** An answer row: a 2xx answer for which {@code finding} finds something. */
  static Rule answer(
      String name,
      Set<ProviderType> providers,
      Function<Evidence, Optional<Finding>> finding,
      ErrorKind kind) {
    return new Rule(name, providers, e -> finding.apply(e).isPresent(), kind, null, finding);
  }

  /** Whether the row is for every provider: a generic row. */
  boolean generic() {
    return providers.size() == ProviderType.values().length;
  }

  /** Whether the row matches {@code evidence}. */
  boolean matches(Evidence evidence) {
    return (finding != null) == evidence.answer() && when.test(evidence);
  }

  /** The failure a match on {@code evidence} stands for. */
  Failure failure(Evidence evidence) {
    RawResponse response = evidence.response();
    if (finding != null) {
      Finding found = finding.apply(evidence).orElseThrow();
      return Failure.builder(kind)
          .status(response.status())
          .providerCode(found.code())
          .message(found.message())
          .remedyHint(hint)
          .headers(ProviderText.diagnosticHeaders(response))
          .build();
    }
    return Failure.builder(kind)
        .status(response.status())
        .providerCode(evidence.providerCode())
        .message(evidence.message())
        .retryAfter(evidence.retryAfter())
        .remedyHint(shouldRetryHint(response))
        .headers(ProviderText.diagnosticHeaders(response))
        .build();
  }

  /**
   * The Stainless SDKs' {@code x-should-retry} header overrides the status: "false" on a kind we
   * would retry means move on at once; "true" on a 4xx we would not retry means the provider knows
   * it is transient.
   */
  private Remedy shouldRetryHint(RawResponse response) {
    String header = response.header("x-should-retry").orElse("").trim();
    boolean retryable = RemedyTable.defaults().ruleFor(kind).maxRetries() > 0;
    if (header.equalsIgnoreCase("false") && retryable && hint == null) {
      return Remedy.FAILOVER;
    }
    if (header.equalsIgnoreCase("true")
        && !retryable
        && response.status() >= 400
        && response.status() <= 499) {
      return Remedy.RETRY;
    }
    return hint;
  }
}
