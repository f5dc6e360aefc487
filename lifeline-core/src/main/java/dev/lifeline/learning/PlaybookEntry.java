package dev.lifeline.learning;

import dev.lifeline.internal.util.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the playbook knows of one {@link FailureSignature}: how often and how recently it was seen,
 * and what ended it each time.
 *
 * <p>Immutable; each new piece of evidence makes a new entry.
 *
 * @param signature the failure
 * @param evidence the number of failures seen, each weighted down by half per half-life of age, as
 *     of {@code lastSeen}
 * @param failures how many times the failure was seen in all
 * @param firstSeen when it was first seen
 * @param lastSeen when it was last seen
 * @param resolvers for each deployment id that answered a call after this failure, how many times
 * @param recoveries how many calls that met this failure were answered in the end
 * @param recoveryAttempts the attempts those calls made from this failure to their answer, summed
 * @param recoveryMillis the time those calls took from this failure to their answer, summed
 * @param wastedCost the estimated USD billed for attempts that failed this way (answers that failed
 *     validation are billed; errors are not), summed
 */
public record PlaybookEntry(
    FailureSignature signature,
    double evidence,
    long failures,
    Instant firstSeen,
    Instant lastSeen,
    Map<String, Long> resolvers,
    long recoveries,
    long recoveryAttempts,
    long recoveryMillis,
    double wastedCost) {

  /** Checks the parts and copies the resolvers. */
  public PlaybookEntry {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    resolvers = Map.copyOf(resolvers);
    if (!(evidence >= 0)
        || failures < 0
        || recoveries < 0
        || recoveryAttempts < 0
        || recoveryMillis < 0) {
      throw new IllegalArgumentException("counts must be >= 0 in " + signature);
    }
  }

  /**
   * How sure the playbook is, at {@code now}, that a request of this signature's shape will meet
   * this failure again: grows with evidence (n / (n + 1)) and halves with each half-life since it
   * was last seen, so it always falls under 0.5 within one half-life of quiet.
   */
  public double confidence(Instant now, Duration halfLife) {
    double n = evidence;
    return n / (n + 1) * decay(lastSeen, now, halfLife);
  }

  /**
   * The deployment that most often answered after this failure, if any; ties go to the first seen.
   */
  public Optional<String> bestResolver() {
    return resolvers.entrySet().stream()
        .max(Comparator.comparingLong(Map.Entry::getValue))
        .map(Map.Entry::getKey);
  }

  /** The mean attempts from this failure to an answer, or 0 when none was answered. */
  public double meanRecoveryAttempts() {
    return recoveries == 0 ? 0 : (double) recoveryAttempts / recoveries;
  }

  /** The mean time from this failure to an answer, or zero when none was answered. */
  public Duration meanRecoveryTime() {
    return recoveries == 0 ? Duration.ZERO : Duration.ofMillis(recoveryMillis / recoveries);
  }

  /**
   * The evidence as of {@code now}: weighted down by half per {@code halfLife} since it was last
   * seen.
   */
  public double evidenceAt(Instant now, Duration halfLife) {
    return evidence * decay(lastSeen, now, halfLife);
  }

  /**
   * 0.5 to the power of the age in half-lives, in [0, 1]. Ages and half-lives of any length work:
   * both saturate at about 292 years, which is far beyond the point where the result is 0 (or 1).
   */
  private static double decay(Instant from, Instant to, Duration halfLife) {
    long ageNanos = Durations.toNanosSaturated(Duration.between(from, to));
    long halfLifeNanos = Durations.toNanosSaturated(halfLife);
    if (ageNanos <= 0) {
      return 1;
    }
    if (halfLifeNanos <= 0) {
      return 0; // no half-life: evidence is gone at once
    }
    return Math.pow(0.5, (double) ageNanos / halfLifeNanos);
  }
}
