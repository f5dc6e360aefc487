package dev.lifeline.failure;

import static dev.lifeline.failure.Rule.answer;
import static dev.lifeline.failure.Rule.error;
import static dev.lifeline.model.ErrorKind.AUTHENTICATION;
import static dev.lifeline.model.ErrorKind.BAD_REQUEST;
import static dev.lifeline.model.ErrorKind.CONTENT_FILTERED;
import static dev.lifeline.model.ErrorKind.CONTEXT_LENGTH_EXCEEDED;
import static dev.lifeline.model.ErrorKind.INVALID_RESPONSE;
import static dev.lifeline.model.ErrorKind.MODEL_NOT_FOUND;
import static dev.lifeline.model.ErrorKind.OVERLOADED;
import static dev.lifeline.model.ErrorKind.PERMISSION;
import static dev.lifeline.model.ErrorKind.QUOTA_EXHAUSTED;
import static dev.lifeline.model.ErrorKind.RATE_LIMITED;
import static dev.lifeline.model.ErrorKind.SERVER_ERROR;
import static dev.lifeline.model.ErrorKind.TIMEOUT;
import static dev.lifeline.model.ErrorKind.VALIDATION_FAILED;

import dev.lifeline.failure.AnswerReader.Finding;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.Remedy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The classification rules, one ordered table: the first row that matches decides. Generic rows are
 * for every provider; a provider's rows sit where they refine a generic one (a Groq 400 that is the
 * model's own bad JSON, before the generic "any other 4xx is a bad request").
 *
 * <p>Answer rows judge a 2xx without an error envelope; no match there means no failure. Error rows
 * judge everything else; the last one catches any error, so an error always has a kind.
 */
final class RuleTable {

  private static final Set<ProviderType> EVERY = EnumSet.allOf(ProviderType.class);

  /** The providers the OpenAI adapter speaks to: every wire but Anthropic's and Gemini's. */
  private static final Set<ProviderType> OPENAI_WIRE =
      EnumSet.complementOf(EnumSet.of(ProviderType.ANTHROPIC, ProviderType.GEMINI));

  private static final Set<ProviderType> ANTHROPIC = EnumSet.of(ProviderType.ANTHROPIC);
  private static final Set<ProviderType> GEMINI = EnumSet.of(ProviderType.GEMINI);

  /** Gemini finish reasons that withhold the answer for a safety or policy reason. */
  private static final Set<String> SAFETY_STOPS =
      Set.of("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII");

  /** Anthropic's stop reason for an answer cut off by the context window. */
  private static final String CONTEXT_WINDOW_STOP = "model_context_window_exceeded";

  // Groq: the model produced JSON or a tool call its validator rejected; the request was fine
  // [OBS groq/groq-typescript#28, thepersonalaicompany/amurex-backend#38].
  private static final Set<String> GENERATION_FAILED =
      Set.of("json_validate_failed", "tool_use_failed");

  // A Retry-After this long on a 429 is a quota ("retry after 86400 seconds"), not a rate limit.
  private static final Duration QUOTA_WAIT = Duration.ofHours(1);

  static final List<Rule> ROWS =
      List.of(
          // ---- 2xx answers the provider withheld or cut
          answer(
              "a choice stopped by the content filter, with nothing in it",
              EVERY,
              e -> AnswerReader.filteredChoices(e.top()),
              CONTENT_FILTERED),
          answer(
              "a Gemini prompt blocked before any candidate",
              EVERY,
              e -> AnswerReader.blockedPrompt(e.top()),
              CONTENT_FILTERED),
          answer(
              "Gemini candidates stopped for safety, with no parts",
              EVERY,
              e -> AnswerReader.blockedCandidates(e.top(), SAFETY_STOPS),
              CONTENT_FILTERED),
          // Another provider may answer what would recite protected text.
          answer(
              "Gemini candidates stopped for RECITATION, with no parts",
              GEMINI,
              e -> AnswerReader.blockedCandidates(e.top(), Set.of("RECITATION")),
              CONTENT_FILTERED),
          // The answer stopped because the window filled: only a larger window will finish it.
          answer(
              "Anthropic stop_reason model_context_window_exceeded",
              ANTHROPIC,
              RuleTable::contextWindowStop,
              CONTEXT_LENGTH_EXCEEDED),
          answer(
              "a choice ended with finish_reason error (Mistral, OpenRouter in-band failure)",
              OPENAI_WIRE,
              RuleTable::erroredChoice,
              SERVER_ERROR),

          // ---- errors whose status says what they are
          error("401", EVERY, e -> e.statusIs(401), AUTHENTICATION),
          error("402", EVERY, e -> e.statusIs(402), QUOTA_EXHAUSTED),
          error(
              "403 about billing or quota",
              EVERY,
              e -> e.statusIs(403) && e.says(Wording.QUOTA),
              QUOTA_EXHAUSTED),
          // OpenRouter's moderation: error.metadata names reasons or the flagged input.
          error(
              "403 with OpenRouter's moderation metadata",
              OPENAI_WIRE,
              e -> e.statusIs(403) && e.moderationFlagged(),
              CONTENT_FILTERED),
          error("403", EVERY, e -> e.statusIs(403), PERMISSION),
          // "Invalid URL (POST /v1/chat/completionz)", a bare "Not Found": every model of the
          // provider would get the same answer, so fail over instead of degrading.
          error(
              "404 naming neither a model nor a deployment (a wrong endpoint)",
              OPENAI_WIRE,
              e -> e.statusIs(404) && !e.namesModel(),
              MODEL_NOT_FOUND,
              Remedy.FAILOVER),
          error("404", EVERY, e -> e.statusIs(404), MODEL_NOT_FOUND),
          error("408", EVERY, e -> e.statusIs(408), TIMEOUT),
          // A conflict on the provider's side; the official SDKs retry it.
          error("409", EVERY, e -> e.statusIs(409), SERVER_ERROR),
          // Groq's token-per-minute "Request too large" will never pass as sent on this deployment.
          error(
              "413 too large for the tokens-per-minute budget",
              EVERY,
              e -> e.statusIs(413) && e.says(Wording.TPM_TOO_LARGE),
              RATE_LIMITED,
              Remedy.DEGRADE),
          error("413", EVERY, e -> e.statusIs(413), CONTEXT_LENGTH_EXCEEDED),
          error(
              "429 about a quota (for Google: daily, zero or credits)",
              EVERY,
              e -> e.statusIs(429) && e.says(e.google() ? Wording.GOOGLE_QUOTA : Wording.QUOTA),
              QUOTA_EXHAUSTED),
          // OpenAI: the request alone exceeds the per-minute token budget; waiting will not help.
          error(
              "429 too large for the tokens-per-minute budget",
              EVERY,
              e -> e.statusIs(429) && e.says(Wording.TPM_TOO_LARGE),
              RATE_LIMITED,
              Remedy.DEGRADE),
          error(
              "429 asking to wait an hour or more",
              EVERY,
              e ->
                  e.statusIs(429)
                      && e.retryAfter() != null
                      && e.retryAfter().compareTo(QUOTA_WAIT) >= 0,
              QUOTA_EXHAUSTED),
          // "Service tier capacity exceeded for this model" (Mistral), "That model is currently
          // overloaded" (older OpenAI 429s): the model is busy, not our budget.
          error(
              "429 about capacity",
              EVERY,
              e -> e.statusIs(429) && e.says(Wording.CAPACITY),
              OVERLOADED),
          error("429", EVERY, e -> e.statusIs(429), RATE_LIMITED),
          // Groq: flex-tier capacity exceeded, try later.
          error("498", EVERY, e -> e.statusIs(498), OVERLOADED),
          error(
              "500 about overload",
              EVERY,
              e -> e.statusIs(500) && e.says(Wording.OVERLOAD),
              OVERLOADED),
          error("500", EVERY, e -> e.statusIs(500), SERVER_ERROR),
          // A CDN's HTML 503 means the front door is down: retry then fail over rather than
          // degrade to another model behind the same door.
          error(
              "503 HTML page not about capacity",
              EVERY,
              e -> e.statusIs(503) && e.html() && !e.says(Wording.CAPACITY),
              SERVER_ERROR),
          error("503", EVERY, e -> e.statusIs(503), OVERLOADED),
          // 522: Cloudflare could not reach the origin; 524: the origin took over ~100 s.
          error("504, 522, 524", EVERY, e -> e.statusIs(504, 522, 524), TIMEOUT),
          // Cloudflare: the origin refused the connection; it is down, not slow.
          error("521", EVERY, e -> e.statusIs(521), SERVER_ERROR, Remedy.FAILOVER),
          error("529", EVERY, e -> e.statusIs(529), OVERLOADED),
          error("any other 5xx", EVERY, Evidence::serverError, SERVER_ERROR),

          // ---- other 4xx, and errors on a 2xx that imply no status: the wording decides
          error(
              "wording: context window",
              EVERY,
              e -> byWording(e) && e.says(Wording.CONTEXT),
              CONTEXT_LENGTH_EXCEEDED),
          // Before billing: Gemini's "not available in your country" says "enable billing".
          error(
              "wording: unsupported region",
              EVERY,
              e -> byWording(e) && e.says(Wording.REGION),
              PERMISSION),
          error(
              "wording: content policy",
              EVERY,
              e -> byWording(e) && e.says(Wording.CONTENT_FILTER),
              CONTENT_FILTERED),
          // Anthropic and DeepSeek report billing as a 400.
          error(
              "wording: billing or quota",
              EVERY,
              e -> byWording(e) && e.says(Wording.QUOTA),
              QUOTA_EXHAUSTED),
          // Gemini reports a bad key as a 400.
          error(
              "wording: invalid API key",
              EVERY,
              e -> byWording(e) && e.says(Wording.INVALID_KEY),
              AUTHENTICATION),
          error(
              "wording: unknown model",
              EVERY,
              e -> byWording(e) && e.says(Wording.MODEL_MISSING),
              MODEL_NOT_FOUND),
          // The model's own output failed the server's check; the request was fine.
          error(
              "4xx json_validate_failed / tool_use_failed (Groq)",
              OPENAI_WIRE,
              e -> e.clientError() && GENERATION_FAILED.contains(e.code()),
              VALIDATION_FAILED),
          // OpenAI's reasoning models' prompt screen [OBS BeehiveInnovations/pal-mcp-server#178].
          error(
              "4xx invalid_prompt or a prompt flagged for the usage policy (OpenAI)",
              OPENAI_WIRE,
              e ->
                  e.clientError()
                      && ("invalid_prompt".equals(e.code()) || e.says(Wording.USAGE_POLICY)),
              CONTENT_FILTERED),
          error("any other 4xx", EVERY, Evidence::clientError, BAD_REQUEST),
          error(
              "no status: rate limit",
              EVERY,
              e -> e.unknownStatus() && e.says(Wording.RATE),
              RATE_LIMITED),
          error(
              "no status: overload",
              EVERY,
              e -> e.unknownStatus() && e.says(Wording.OVERLOAD),
              OVERLOADED),
          error(
              "no status: timeout",
              EVERY,
              e -> e.unknownStatus() && e.says(Wording.TIMED_OUT),
              TIMEOUT),
          error("no status", EVERY, Evidence::unknownStatus, SERVER_ERROR),
          // A 1xx/3xx means a wrong endpoint or a misbehaving proxy, not a provider's answer.
          error("any other status", EVERY, e -> true, INVALID_RESPONSE));

  private RuleTable() {}

  /** The rows for every provider, in order. */
  static List<Rule> generic() {
    return ROWS.stream().filter(Rule::generic).collect(Collectors.toUnmodifiableList());
  }

  /** The rows for {@code provider}: the generic ones and its own, in order. */
  static List<Rule> forProvider(ProviderType provider) {
    return ROWS.stream()
        .filter(rule -> rule.providers().contains(provider))
        .collect(Collectors.toUnmodifiableList());
  }

  /** A 4xx not decided by its status, or an error on a 2xx that implies no status. */
  private static boolean byWording(Evidence e) {
    return e.clientError() || e.unknownStatus();
  }

  private static Optional<Finding> contextWindowStop(Evidence e) {
    return CONTEXT_WINDOW_STOP.equals(AnswerReader.stopReason(e.top()))
        ? Optional.of(
            new Finding(
                CONTEXT_WINDOW_STOP,
                "the answer stopped because the model's context window filled up (stop_reason "
                    + CONTEXT_WINDOW_STOP
                    + ")"))
        : Optional.empty();
  }

  private static Optional<Finding> erroredChoice(Evidence e) {
    return AnswerReader.hasErroredChoice(e.top())
        ? Optional.of(
            new Finding(
                "finish_reason_error",
                "the provider ended the answer with finish_reason \"error\""))
        : Optional.empty();
  }
}
