package dev.lifeline.micrometer;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.Deployment;
import java.util.List;
import java.util.Locale;

/**
 * The names of every meter, observation and key this module writes, in one place: the Grafana
 * dashboard's test reads the same names from a real scrape. Keys of the GenAI semantic conventions
 * where one exists, {@code lifeline.*} for the cascade's own.
 */
final class MeterNames {
  // The observation and its keys.
  static final String OPERATION = "gen_ai.client.operation";
  static final String OPERATION_NAME = "gen_ai.operation.name";
  static final String PROVIDER = "gen_ai.provider.name";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String ERROR_TYPE = "error.type";
  static final String TOKEN_TYPE = "gen_ai.token.type";
  static final String OUTCOME = "lifeline.outcome";
  static final String DECISION = "lifeline.decision";
  static final String ATTEMPTS_KEY = "lifeline.attempts";
  static final String VALIDATOR = "lifeline.validator";
  static final String HINT = "lifeline.hint";
  static final String CIRCUIT_STATE = "lifeline.circuit.state";
  static final String COOLDOWN_SCOPE = "lifeline.cooldown.scope";
  static final String COOLDOWN_TARGET = "lifeline.cooldown.target";

  /** The one operation Lifeline performs: a chat completion. */
  static final String CHAT = "chat";

  /** A tag value for "none": no error, no model, no decision. */
  static final String NONE = "none";

  // GenAI semantic conventions' meters.
  static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

  // Lifeline's own.
  static final String ATTEMPTS = "lifeline.attempts";
  static final String ATTEMPT_DURATION = "lifeline.attempt.duration";
  static final String FAILOVERS = "lifeline.failovers";
  static final String DEGRADES = "lifeline.degrades";
  static final String VALIDATION_FAILURES = "lifeline.validation.failures";
  static final String LEARNED_HINTS = "lifeline.learned.hints";
  static final String RETRY_BUDGET_EXHAUSTED = "lifeline.retry_budget.exhausted";
  static final String CIRCUIT_TRANSITIONS = "lifeline.circuit.transitions";
  static final String COOLDOWNS = "lifeline.cooldowns";
  static final String CIRCUIT_STATE_GAUGE = "lifeline.circuit.state";
  static final String COOLDOWN_ACTIVE = "lifeline.cooldown.active";
  static final String RETRY_BUDGET_TOKENS = "lifeline.retry_budget.tokens";

  /** Every meter name this module registers, for the dashboard's test. */
  static final List<String> ALL =
      List.of(
          OPERATION_DURATION,
          TOKEN_USAGE,
          TIME_TO_FIRST_CHUNK,
          ATTEMPTS,
          ATTEMPT_DURATION,
          FAILOVERS,
          DEGRADES,
          VALIDATION_FAILURES,
          LEARNED_HINTS,
          RETRY_BUDGET_EXHAUSTED,
          CIRCUIT_TRANSITIONS,
          COOLDOWNS,
          CIRCUIT_STATE_GAUGE,
          COOLDOWN_ACTIVE,
          RETRY_BUDGET_TOKENS);

  private MeterNames() {}

  /** A tag value of an enum constant: lower case, as conventions write them ("rate_limited"). */
  static String value(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** What went wrong with {@code attempt}: its failure's kind, else "none". */
  static String errorType(Attempt attempt) {
    return attempt.failure() == null ? NONE : value(attempt.failure().kind());
  }

  /** The decision after {@code attempt}. */
  static String decision(Attempt attempt) {
    return value(attempt.decision());
  }

  /** The provider of {@code deployment}, or "none". */
  static String provider(Deployment deployment) {
    return deployment == null ? NONE : deployment.provider();
  }

  /** The model of {@code deployment}, or "none". */
  static String model(Deployment deployment) {
    return deployment == null ? NONE : deployment.model();
  }
}
