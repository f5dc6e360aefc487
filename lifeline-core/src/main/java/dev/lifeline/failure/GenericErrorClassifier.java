package dev.lifeline.failure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeline.internal.failure.TreeClassifier;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import dev.lifeline.time.Ticker;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The classifier every provider starts from, and each provider's: the readers ({@link Evidence},
 * {@link ErrorEnvelope}, {@link HtmlPage}, {@link AnswerReader}, {@link ExceptionReader}) extract
 * what an answer says, and the first matching row of the {@link RuleTable} decides its kind. The
 * generic classifier has the generic rows; a provider's has those and its own.
 *
 * <p>Reading is lenient: malformed JSON, HTML, an empty or huge body, a JSON array around the error
 * (Gemini) or blank lines before it (DeepSeek) never make it throw; the worst case is a failure
 * classified by status alone. Stateless and thread-safe.
 */
final class GenericErrorClassifier implements ErrorClassifier, TreeClassifier {

  /** The generic classifier, on the system wall clock. */
  static final GenericErrorClassifier INSTANCE =
      new GenericErrorClassifier(Ticker.system()::now, RuleTable.generic());

  /** Each provider's classifier, on the system wall clock. */
  private static final Map<ProviderType, GenericErrorClassifier> BY_PROVIDER = byProvider();

  private final Supplier<Instant> wallClock;
  private final List<Rule> rows;

  /**
   * The generic classifier, reading the wall clock from {@code wallClock} to turn absolute dates
   * (an HTTP-date Retry-After, a reset timestamp) into waits.
   */
  GenericErrorClassifier(Supplier<Instant> wallClock) {
    this(wallClock, RuleTable.generic());
  }

  /** {@code provider}'s classifier, reading the wall clock from {@code wallClock}. */
  GenericErrorClassifier(Supplier<Instant> wallClock, ProviderType provider) {
    this(wallClock, RuleTable.forProvider(Objects.requireNonNull(provider, "provider")));
  }

  private GenericErrorClassifier(Supplier<Instant> wallClock, List<Rule> rows) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    this.rows = rows;
  }

  /** {@code provider}'s shared classifier, on the system wall clock. */
  static GenericErrorClassifier forProvider(ProviderType provider) {
    return BY_PROVIDER.get(Objects.requireNonNull(provider, "provider"));
  }

  /** The rows this classifier tries, in order. */
  List<Rule> rows() {
    return rows;
  }

  @Override
  public Optional<Failure> classify(RawResponse response) {
    return classify(response, wallClock.get());
  }

  @Override
  public Optional<Failure> classify(RawResponse response, JsonNode root) {
    return classify(response, root, true, wallClock.get());
  }

  /**
   * Classifies {@code response} as if it arrived at {@code now}; what {@link
   * #classify(RawResponse)} does with the wall clock, made deterministic for tests and replays.
   *
   * @return the failure; empty only for a 2xx answer with no sign of failure
   */
  Optional<Failure> classify(RawResponse response, Instant now) {
    return classify(response, null, false, now);
  }

  /** Classifies {@code response} from {@code root} when {@code parsed}, else from its body. */
  private Optional<Failure> classify(
      RawResponse response, JsonNode root, boolean parsed, Instant now) {
    if (response == null) {
      return Optional.of(Failure.of(ErrorKind.INVALID_RESPONSE, "no response"));
    }
    Evidence evidence;
    Optional<Rule> rule;
    try {
      evidence = parsed ? Evidence.read(response, root, now) : Evidence.read(response, now);
      rule = firstMatch(evidence);
    } catch (RuntimeException | StackOverflowError unexpected) {
      // The readers and rows are meant never to throw; if one does, status alone still gives a
      // sound answer.
      if (response.isSuccessful()) {
        return Optional.empty();
      }
      evidence = byStatusAlone(response);
      rule = firstMatch(evidence);
    }
    Evidence matched = evidence;
    return rule.map(row -> row.failure(matched));
  }

  /** The first row matching {@code evidence}; empty only for an answer no row finds fault with. */
  Optional<Rule> firstMatch(Evidence evidence) {
    for (Rule row : rows) {
      if (row.matches(evidence)) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  @Override
  public Failure classify(Throwable error) {
    return ExceptionReader.read(error);
  }

  private static Evidence byStatusAlone(RawResponse response) {
    return new Evidence(
        response,
        response.status(),
        false,
        null,
        null,
        "",
        "HTTP " + response.status(),
        false,
        false,
        null);
  }

  private static Map<ProviderType, GenericErrorClassifier> byProvider() {
    Map<ProviderType, GenericErrorClassifier> all = new EnumMap<>(ProviderType.class);
    for (ProviderType type : ProviderType.values()) {
      all.put(type, new GenericErrorClassifier(Ticker.system()::now, type));
    }
    return Map.copyOf(all);
  }
}
