package dev.lifeline.model;

/**
 * What went wrong with one attempt, in terms of what can be done about it.
 *
 * <p>Every failure, whatever the provider, status code or exception, is classified into exactly one
 * kind. Each kind carries, in one place, everything the engine does with it: its default
 * {@linkplain #defaultRule() remedy} (what {@link RemedyTable#defaults()} holds; each one
 * overridable), its {@linkplain #impact() impact} on the deployment's health, and how the playbook
 * {@linkplain #learning() learns} from it.
 */
public enum ErrorKind {
  /** 429 for requests or tokens per minute: wait, as the provider says, then retry. */
  RATE_LIMITED(RemedyRule.retryThen(Remedy.FAILOVER), Impact.RATE_LIMIT, Learning.DETOUR_ONLY),
  /** Out of credits, quota or budget (429 insufficient_quota, 402, billing): another provider. */
  QUOTA_EXHAUSTED(RemedyRule.immediately(Remedy.FAILOVER), Impact.QUOTA_LOCKOUT, Learning.REORDER),
  /** The provider is overloaded (529, 503 overloaded): back off, then degrade or fail over. */
  OVERLOADED(RemedyRule.retryThen(Remedy.DEGRADE), Impact.OUTAGE, Learning.DETOUR_ONLY),
  /** 500, 502, CDN 52x pages: retry with backoff, then fail over. */
  SERVER_ERROR(RemedyRule.retryThen(Remedy.FAILOVER), Impact.OUTAGE, Learning.DETOUR_ONLY),
  /**
   * Connect, response-header, first-token, idle or total timeout, or a gateway timeout (504, 524):
   * retried once, and only when no other deployment is left to try.
   */
  TIMEOUT(RemedyRule.retryThen(1, Remedy.FAILOVER), Impact.OUTAGE, Learning.DETOUR_ONLY),
  /** Connection reset, refused, DNS or TLS failure. */
  NETWORK(RemedyRule.retryThen(1, Remedy.FAILOVER), Impact.OUTAGE, Learning.DETOUR_ONLY),
  /** 401: the key is wrong or revoked. */
  AUTHENTICATION(RemedyRule.immediately(Remedy.FAILOVER), Impact.AUTH_LOCKOUT, Learning.REORDER),
  /** 403: the key may not use this model or resource. */
  PERMISSION(RemedyRule.immediately(Remedy.FAILOVER), Impact.AUTH_LOCKOUT, Learning.REORDER),
  /** 404: the model does not exist here, or not for this key. */
  MODEL_NOT_FOUND(RemedyRule.immediately(Remedy.DEGRADE), Impact.MODEL_MISSING, Learning.REORDER),
  /** The prompt does not fit the model's context window. */
  CONTEXT_LENGTH_EXCEEDED(
      RemedyRule.immediately(Remedy.LARGER_CONTEXT), Impact.REQUEST_FAULT, Learning.REORDER),
  /** The provider's content policy blocked the request or the answer. */
  CONTENT_FILTERED(RemedyRule.immediately(Remedy.FAILOVER), Impact.REQUEST_FAULT, Learning.NONE),
  /** Any other 400 or 422: the request itself is wrong, and no deployment will take it. */
  BAD_REQUEST(RemedyRule.immediately(Remedy.FAIL), Impact.REQUEST_FAULT, Learning.NONE),
  /** A 200 whose body cannot be understood, or a stream cut before its end. */
  INVALID_RESPONSE(RemedyRule.retryThen(1, Remedy.FAILOVER), Impact.OUTAGE, Learning.REORDER),
  /** A 200 whose answer a validator rejected: a refusal, an empty answer, a broken schema. */
  VALIDATION_FAILED(RemedyRule.immediately(Remedy.DEGRADE), Impact.POOR_ANSWER, Learning.REORDER);

  /**
   * What a failure says about the deployment that returned it, and so what health tracking does.
   */
  public enum Impact {
    /** The deployment is down or broken: counts towards opening its circuit. */
    OUTAGE,
    /** The deployment is busy for a while: cools it down for the provider's wait. */
    RATE_LIMIT,
    /** The key is refused: cools the whole provider down, since every model shares the key. */
    AUTH_LOCKOUT,
    /** The account is out of credits: cools the whole provider down for long. */
    QUOTA_LOCKOUT,
    /** The model is not there: cools this deployment down. */
    MODEL_MISSING,
    /**
     * The deployment answered, but badly (a validator said no): in the error rate, not the circuit.
     */
    POOR_ANSWER,
    /** The request is at fault, not the deployment: neither circuit nor error rate. */
    REQUEST_FAULT;

    /** Whether the failure counts in a deployment's error rate. */
    public boolean countsInErrorRate() {
      return this != REQUEST_FAULT;
    }
  }

  /** How the playbook (L4) uses failures of a kind. */
  public enum Learning {
    /** Not learned: the failure says something about one prompt, not about the deployment. */
    NONE,
    /**
     * Passing (429, 5xx, timeouts): learned only as a detour when the failure happens. Circuits and
     * cooldowns already handle these and, unlike a learned order, probe for recovery.
     */
    DETOUR_ONLY,
    /**
     * Lasting (context length, quota, auth, missing model, bad answers): also reorders later plans.
     */
    REORDER
  }

  private final RemedyRule defaultRule;
  private final Impact impact;
  private final Learning learning;

  ErrorKind(RemedyRule defaultRule, Impact impact, Learning learning) {
    this.defaultRule = defaultRule;
    this.impact = impact;
    this.learning = learning;
  }

  /** The remedy the engine applies unless the builder overrides it for this kind. */
  public RemedyRule defaultRule() {
    return defaultRule;
  }

  /**
   * What a failure of this kind does to the deployment's health: a circuit failure, a cooldown, or
   * neither.
   */
  public Impact impact() {
    return impact;
  }

  /** Whether and how the playbook learns from failures of this kind. */
  public Learning learning() {
    return learning;
  }
}
