package dev.lifeline.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A weighted random choice of faults, for steady background noise ("5 % rate limits, 2 % server
 * errors, the rest healthy"), reproducible from a seed.
 *
 * <p>Immutable and thread-safe. The draws happen in the {@link Script} the mix is installed in,
 * which seeds its own {@link Random} from {@link #seed()} on installation: the same requests in the
 * same order get the same faults in every run, and installing the mix again starts the sequence
 * over.
 *
 * <pre>{@code
 * server.mix(FaultMix.builder(42)
 *     .add(0.90, Fault.healthy())
 *     .add(0.07, Fault.rateLimited(Duration.ofMillis(50)))
 *     .add(0.03, Fault.serverError())
 *     .build());
 * }</pre>
 */
public final class FaultMix {

  private final long seed;
  private final List<Fault> faults;
  private final double[] cumulative;

  private FaultMix(long seed, List<Fault> faults, double[] cumulative) {
    this.seed = seed;
    this.faults = faults;
    this.cumulative = cumulative;
  }

  /** A builder for a mix whose draws are seeded with {@code seed}. */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** The seed of the draws. */
  public long seed() {
    return seed;
  }

  /** A new random source for this mix, seeded with {@link #seed()}. */
  Random newRandom() {
    return new Random(seed);
  }

  /** The fault for a uniform draw in [0, 1). */
  Fault pick(double uniform) {
    double point = uniform * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (point < cumulative[i]) {
        return faults.get(i);
      }
    }
    return faults.get(faults.size() - 1);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("FaultMix[seed ").append(seed);
    double previous = 0;
    double total = cumulative[cumulative.length - 1];
    for (int i = 0; i < faults.size(); i++) {
      text.append(", ")
          .append(String.format(java.util.Locale.ROOT, "%.3f", (cumulative[i] - previous) / total))
          .append(' ')
          .append(faults.get(i));
      previous = cumulative[i];
    }
    return text.append(']').toString();
  }

  /** Collects weighted faults; mutable and not thread-safe, {@link #build()} copies. */
  public static final class Builder {
    private final long seed;
    private final List<Fault> faults = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    private Builder(long seed) {
      this.seed = seed;
    }

    /**
     * Adds {@code fault} with relative {@code weight}; weights need not add up to one.
     *
     * @throws IllegalArgumentException if {@code weight} is not finite and greater than zero
     */
    public Builder add(double weight, Fault fault) {
      Objects.requireNonNull(fault, "fault");
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "weight must be finite and > 0 but was " + weight + " for " + fault);
      }
      faults.add(fault);
      weights.add(weight);
      return this;
    }

    /**
     * The mix.
     *
     * @throws IllegalStateException if no fault was added
     */
    public FaultMix build() {
      if (faults.isEmpty()) {
        throw new IllegalStateException(
            "a FaultMix needs at least one fault; call add(weight, fault)");
      }
      double[] cumulative = new double[weights.size()];
      double sum = 0;
      for (int i = 0; i < weights.size(); i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
      return new FaultMix(seed, List.copyOf(faults), cumulative);
    }
  }
}
