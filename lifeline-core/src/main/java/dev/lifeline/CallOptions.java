package dev.lifeline;

import dev.lifeline.internal.util.Durations;
import dev.lifeline.retry.HedgePolicy;
import dev.lifeline.routing.CallRouting;
import dev.lifeline.routing.FallbackStrategy;
import dev.lifeline.validation.ResponseValidator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for one call that override the engine's: start from {@link #defaults()}, which overrides
 * nothing, and make copies with the {@code with…} methods.
 *
 * <pre>{@code
 * engine.call(request, CallOptions.defaults().withDeadline(Duration.ofSeconds(10)).withStrategy(FallbackStrategy.RETRY_ONLY));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CallOptions {

  /**
   * The longest deadline a call may have: 24 hours. No LLM call is worth waiting a day for, and a
   * bounded deadline keeps every sum of ticker time and deadline far from overflowing.
   */
  public static final Duration MAX_DEADLINE = Duration.ofHours(24);

  private static final CallOptions DEFAULTS =
      new CallOptions(null, null, null, false, null, CallRouting.none());

  private final Duration deadline;
  private final FallbackStrategy strategy;
  private final List<ResponseValidator> validators;
  private final boolean bestEffort;
  private final HedgePolicy hedging;
  private final CallRouting routing;

  private CallOptions(
      Duration deadline,
      FallbackStrategy strategy,
      List<ResponseValidator> validators,
      boolean bestEffort,
      HedgePolicy hedging,
      CallRouting routing) {
    this.deadline = deadline;
    this.strategy = strategy;
    this.validators = validators;
    this.bestEffort = bestEffort;
    this.hedging = hedging;
    this.routing = routing;
  }

  /** Options that override nothing. */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with {@code deadline}: the whole cascade's time budget, every attempt and wait
   * included.
   *
   * @throws IllegalArgumentException if {@code deadline} is not in (0, {@link #MAX_DEADLINE}]
   */
  public CallOptions withDeadline(Duration deadline) {
    Durations.requirePositiveAtMost("deadline", deadline, MAX_DEADLINE);
    return new CallOptions(deadline, strategy, validators, bestEffort, hedging, routing);
  }

  /** These options with {@code strategy}: the layers this call may use. */
  public CallOptions withStrategy(FallbackStrategy strategy) {
    return new CallOptions(
        deadline,
        Objects.requireNonNull(strategy, "strategy"),
        validators,
        bestEffort,
        hedging,
        routing);
  }

  /**
   * These options with {@code validators} instead of the engine's; an empty list validates nothing.
   */
  public CallOptions withValidators(List<ResponseValidator> validators) {
    return new CallOptions(
        deadline, strategy, List.copyOf(validators), bestEffort, hedging, routing);
  }

  /**
   * These options with best effort on or off: when every answer fails validation, a call with best
   * effort returns the best one seen (its trace shows every verdict) instead of throwing. Streams
   * ignore it.
   */
  public CallOptions withBestEffort(boolean bestEffort) {
    return new CallOptions(deadline, strategy, validators, bestEffort, hedging, routing);
  }

  /**
   * These options with {@code hedging} instead of the engine's hedge policy ({@link
   * HedgePolicy#off()} to hedge nothing for this call).
   */
  public CallOptions withHedging(HedgePolicy hedging) {
    return new CallOptions(
        deadline,
        strategy,
        validators,
        bestEffort,
        Objects.requireNonNull(hedging, "hedging"),
        routing);
  }

  /** The hedge policy, if these options set one. */
  public Optional<HedgePolicy> hedging() {
    return Optional.ofNullable(hedging);
  }

  /**
   * These options with {@code routing}: this call's say in its ladder (only, exclude, prefer, a
   * price cap, tags, a session key).
   */
  public CallOptions withRouting(CallRouting routing) {
    return new CallOptions(
        deadline,
        strategy,
        validators,
        bestEffort,
        hedging,
        Objects.requireNonNull(routing, "routing"));
  }

  /**
   * These options with the conversation's {@code sessionKey}: its turns stay on the member of a
   * deployment group that served it while that member is healthy.
   */
  public CallOptions withSessionKey(String sessionKey) {
    return withRouting(routing.withSessionKey(sessionKey));
  }

  /** This call's say in its ladder; {@link CallRouting#none()} unless set. */
  public CallRouting routing() {
    return routing;
  }

  /** The deadline, if these options set one. */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The strategy, if these options set one. */
  public Optional<FallbackStrategy> strategy() {
    return Optional.ofNullable(strategy);
  }

  /** The validators, if these options set them. */
  public Optional<List<ResponseValidator>> validators() {
    return Optional.ofNullable(validators);
  }

  /** Whether best effort is on; see {@link #withBestEffort(boolean)}. */
  public boolean bestEffort() {
    return bestEffort;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CallOptions that
        && Objects.equals(deadline, that.deadline)
        && strategy == that.strategy
        && Objects.equals(validators, that.validators)
        && bestEffort == that.bestEffort
        && Objects.equals(hedging, that.hedging)
        && routing.equals(that.routing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(deadline, strategy, validators, bestEffort, hedging, routing);
  }

  @Override
  public String toString() {
    return "CallOptions{deadline="
        + deadline
        + ", strategy="
        + strategy
        + ", validators="
        + (validators == null ? null : validators.size())
        + ", bestEffort="
        + bestEffort
        + ", hedging="
        + hedging
        + (routing.equals(CallRouting.none()) ? "" : ", routing=" + routing)
        + '}';
  }
}
