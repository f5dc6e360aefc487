package dev.lifeline.bench.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The strategies that can be compared, by name, in the order tables show them. */
public final class Strategies {

  private static final Map<String, Supplier<Strategy>> ALL = new LinkedHashMap<>();

  /**
   * Strategies that only differ from one of {@link #ALL} in some scenarios, compared by default
   * only there (see {@link #forScenario}), and by name anywhere.
   */
  private static final Map<String, Supplier<Strategy>> SITUATIONAL = new LinkedHashMap<>();

  static {
    register(NaiveRetryStrategy::new);
    register(NaiveFailoverStrategy::new);
    register(Resilience4jStrategy::new);
    register(LifelineStrategy::withoutLearning);
    register(LifelineStrategy::new);
    register(LifelineStrategy::balanced);
    register(LifelineStrategy::hedging);
    register(OracleStrategy::new);
    Strategy noAffinity = new NoAffinityStrategy();
    SITUATIONAL.put(noAffinity.name(), NoAffinityStrategy::new);
  }

  private Strategies() {}

  private static void register(Supplier<Strategy> strategy) {
    ALL.put(strategy.get().name(), strategy);
  }

  /** Every strategy's name, in table order. */
  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  /** A new instance of every strategy. */
  public static List<Strategy> all() {
    return named(names());
  }

  /**
   * A new instance of every strategy worth comparing on {@code scenario}: all of them, and in a
   * scenario with conversations {@code lifeline-no-affinity} after {@code lifeline-balanced}.
   */
  public static List<Strategy> forScenario(Scenario scenario) {
    List<String> names = new ArrayList<>(names());
    if (scenario.conversations() != null) {
      names.add(names.indexOf("lifeline-balanced") + 1, NoAffinityStrategy.NAME);
    }
    return named(names);
  }

  /**
   * New instances of the strategies called {@code names}, in that order.
   *
   * @throws IllegalArgumentException naming an unknown strategy and the known ones
   */
  public static List<Strategy> named(List<String> names) {
    List<Strategy> strategies = new ArrayList<>();
    for (String name : names) {
      Supplier<Strategy> strategy = ALL.getOrDefault(name, SITUATIONAL.get(name));
      if (strategy == null) {
        throw new IllegalArgumentException(
            "unknown strategy '"
                + name
                + "'; known: "
                + String.join(", ", ALL.keySet())
                + ", "
                + String.join(", ", SITUATIONAL.keySet()));
      }
      strategies.add(strategy.get());
    }
    return strategies;
  }
}
