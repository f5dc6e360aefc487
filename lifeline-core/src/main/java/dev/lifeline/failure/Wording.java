package dev.lifeline.failure;

import java.util.regex.Pattern;

/**
 * What a provider's words say, one pattern per meaning. Rows of the {@link RuleTable} ask {@code
 * Wording.QUOTA.in(words)}; the words are already lower-case, URL-free and bounded ({@link
 * ProviderText#words}).
 */
enum Wording {
  CONTEXT(
      "context[ _-]?(?:length|window|limit)|prompt (?:is )?too long|too many tokens"
          + "|input token count.{0,120}?exceeds? the maximum|reduce the length"
          + "|request_too_large"),
  /** OpenAI's and Groq's "Request too large ... tokens per min": the request alone is over. */
  TPM_TOO_LARGE("request too large.{0,400}?(?:tokens per min|\\btpm\\b)"),
  QUOTA(
      "insufficient_quota|exceeded your current quota|\\bbilling|\\bcredits?\\b"
          + "|insufficient[ _]balance|spend(?:ing)?[ _]limit|perday|per day|limit: 0\\b"
          + "|payment required"),
  /**
   * Gemini's per-minute 429 also says "You exceeded your current quota ... billing details"; only a
   * daily quota, a zero limit or credits gone mean that waiting will not help.
   */
  GOOGLE_QUOTA("perday|per day|limit: 0\\b|\\bcredits?\\b|prepay"),
  CONTENT_FILTER(
      "content_filter|responsibleaipolicyviolation|content management policy"
          + "|content_policy_violation|content policy|\\bsafety\\b"),
  INVALID_KEY(
      "api key not valid|invalid api key|invalid_api_key|incorrect api key|api_key_invalid"
          + "|invalid x-api-key"),
  MODEL_MISSING(
      "model_not_found|invalid_model|invalid model|unknown model"
          + "|\\bmodels?\\b.{0,200}?(?:not found|does not exist)"),
  REGION("not available in your country|location is not supported|unsupported_country"),
  OVERLOAD(
      "overload|at capacity|capacity exceeded|over capacity|\\bbusy\\b|slow[ _]down"
          + "|\\bunavailable\\b"),
  /** Narrower than OVERLOAD: there "unavailable" may be a 503's reason phrase, not about load. */
  CAPACITY("overload|capacity exceeded|at capacity|over capacity|\\bbusy\\b"),
  RATE("rate[ _-]?limit|too many requests|throttl|resource_exhausted"),
  TIMED_OUT("time[ _-]?out|timed out|deadline"),
  /** OpenAI's reasoning models' prompt screen: "flagged as potentially violating our usage ...". */
  USAGE_POLICY("flagged as potentially violating");

  private final Pattern pattern;

  Wording(String regex) {
    this.pattern = Pattern.compile(regex);
  }

  /** Whether {@code words} say this. */
  boolean in(String words) {
    return pattern.matcher(words).find();
  }
}
