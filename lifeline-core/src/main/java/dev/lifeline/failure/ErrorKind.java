package dev.lifeline.failure;

/**
 * What went wrong with one attempt, in terms of what can be done about it.
 *
 * <p>Every failure, whatever the provider, status code or exception, is classified into exactly one
 * kind; each kind has a default {@link RemedyRule} (see {@link RemedyTable#defaults()}).
 */
public enum ErrorKind {
  /** 429 for requests or tokens per minute: wait, as the provider says, then retry. */
  RATE_LIMITED,
  /** Out of credits, quota or budget (429 insufficient_quota, 402, billing): another provider. */
  QUOTA_EXHAUSTED,
  /** The provider is overloaded (529, 503 overloaded): back off, then degrade or fail over. */
  OVERLOADED,
  /** 500, 502, CDN 52x pages: retry with backoff, then fail over. */
  SERVER_ERROR,
  /** Connect, first-byte, idle or total timeout, or a gateway timeout (504, 524): retry once. */
  TIMEOUT,
  /** Connection reset, refused, DNS or TLS failure. */
  NETWORK,
  /** 401: the key is wrong or revoked. */
  AUTHENTICATION,
  /** 403: the key may not use this model or resource. */
  PERMISSION,
  /** 404: the model does not exist here, or not for this key. */
  MODEL_NOT_FOUND,
  /** The prompt does not fit the model's context window. */
  CONTEXT_LENGTH_EXCEEDED,
  /** The provider's content policy blocked the request or the answer. */
  CONTENT_FILTERED,
  /** Any other 400 or 422: the request itself is wrong, and no deployment will take it. */
  BAD_REQUEST,
  /** A 200 whose body cannot be understood, or a stream cut before its end. */
  INVALID_RESPONSE,
  /** A 200 whose answer a validator rejected: a refusal, an empty answer, a broken schema. */
  VALIDATION_FAILED
}
