package dev.lifeline.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rule for every {@link ErrorKind}: the defaults of the architecture, each overridable.
 *
 * <p>Immutable and thread-safe; {@link #with} returns a changed copy.
 */
public final class RemedyTable {

  private static final RemedyTable DEFAULTS = new RemedyTable(defaultRules());

  private final Map<ErrorKind, RemedyRule> rules;

  private RemedyTable(Map<ErrorKind, RemedyRule> rules) {
    this.rules = rules;
  }

  /**
   * The defaults, each kind's {@link ErrorKind#defaultRule()}: rate limits retry after the
   * provider's wait, then fail over; quota, auth, permission and content filters fail over at once;
   * overloads retry then degrade; server errors retry then fail over; timeouts and network errors
   * retry once then fail over; a missing model degrades; a context overflow goes to a larger
   * window; a bad request fails; an invalid response retries once then fails over; a failed
   * validation degrades.
   */
  public static RemedyTable defaults() {
    return DEFAULTS;
  }

  private static Map<ErrorKind, RemedyRule> defaultRules() {
    Map<ErrorKind, RemedyRule> rules = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      rules.put(kind, kind.defaultRule());
    }
    return rules;
  }

  /** The rule for {@code kind}. */
  public RemedyRule ruleFor(ErrorKind kind) {
    return rules.get(Objects.requireNonNull(kind, "kind"));
  }

  /** A copy of this table with {@code rule} for {@code kind}. */
  public RemedyTable with(ErrorKind kind, RemedyRule rule) {
    Map<ErrorKind, RemedyRule> copy = new EnumMap<>(rules);
    copy.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(rule, "rule"));
    return new RemedyTable(copy);
  }

  @Override
  public String toString() {
    return "RemedyTable" + rules;
  }
}
