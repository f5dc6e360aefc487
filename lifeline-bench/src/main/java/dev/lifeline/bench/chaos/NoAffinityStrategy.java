package dev.lifeline.bench.chaos;

/**
 * {@code lifeline-balanced} with the conversations' session keys left out, as a router that spreads
 * every call on its own would: {@code lifeline-no-affinity}. In a scenario with {@link
 * Conversations} it shows what session affinity keeps (prompt cache hits, cost); elsewhere it is
 * {@code lifeline-balanced}.
 */
public final class NoAffinityStrategy implements Strategy {

  /** Its name. */
  static final String NAME = "lifeline-no-affinity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "lifeline-balanced without session keys: each turn balanced on its own";
  }

  @Override
  public Caller open(Fleet fleet) {
    Caller balanced = LifelineStrategy.balanced().open(fleet);
    // The same ChatRequest instance, so the fleet still knows the turn and its prompt cache; only
    // the engine does not see the session.
    return request ->
        balanced.call(
            new SimRequest(
                request.index(),
                request.arrivalNanos(),
                request.promptTokens(),
                request.outputTokens(),
                request.json(),
                request.stream(),
                request.chat()));
  }
}
