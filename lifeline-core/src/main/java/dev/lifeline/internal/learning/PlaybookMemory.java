package dev.lifeline.internal.learning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.internal.util.Durations;
import dev.lifeline.learning.FailureSignature;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.learning.RequestShape;
import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Decision;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.state.StateStore;
import dev.lifeline.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L4, the engine side of the {@link Playbook}: what the engine learned from its failures, by {@link
 * FailureSignature}, and the hints it gives the next call that would meet the same failure.
 *
 * <p>Every call's trace is {@linkplain #learn learned from}: each failure adds evidence to its
 * signature, and the deployment that answered in the end is recorded as what resolved it; an answer
 * from a deployment clears what the playbook held against it for requests of that shape. Evidence
 * decays by half per half-life of its kind ({@link LearningSettings}), so a deployment that
 * recovers gets its traffic back within one half-life even if nothing clears it.
 *
 * <p>Entries are written through to a {@link StateStore} (namespace {@value #NAMESPACE}) and read
 * back when the playbook is created, so what was learned survives a restart. They hold deployment
 * ids, error kinds, provider error codes, request shapes, counts, times and costs: never prompt
 * text, answers or keys. A store that fails is logged and the playbook keeps working in memory.
 * Thread-safe.
 *
 * <p>Memory is updated first and is what hints are read from; the store is only read when the
 * playbook is created. Writes are handed to the store on the learning thread, under the playbook's
 * lock (so that the store sees one key's writes in the order memory did), which is why the store
 * must not block: the engine gives it a {@link dev.lifeline.internal.state.WriteBehindStateStore},
 * whose writes return at once.
 */
public final class PlaybookMemory implements Playbook {

  private static final Logger LOG = LoggerFactory.getLogger(Playbook.class);
  private static final int FORMAT_VERSION = 1;

  private final LearningSettings settings;
  private final Ticker ticker;
  private final StateStore store;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  // By deployment id, so that the happy path costs one lookup of an absent key; each deployment's
  // entries indexed by the requests they apply to, so that a call pays for those alone.
  private final ConcurrentHashMap<String, DeploymentEntries> byDeployment =
      new ConcurrentHashMap<>();
  // Every entry held: eviction's test, without counting each deployment's (written under the lock).
  private final AtomicInteger size = new AtomicInteger();

  private PlaybookMemory(LearningSettings settings, Ticker ticker, StateStore store) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.store = store;
  }

  /** A playbook kept in memory only. */
  public static PlaybookMemory inMemory(LearningSettings settings, Ticker ticker) {
    return new PlaybookMemory(settings, ticker, null);
  }

  /**
   * A playbook written through to {@code store}, starting with what the store holds. Entries the
   * store holds but this version cannot read are skipped with a warning. Every learning call writes
   * to {@code store} on its own thread, so give it a store that does not block (a {@link
   * dev.lifeline.internal.state.WriteBehindStateStore}) unless blocking is what you want, as in a
   * command-line tool.
   */
  public static PlaybookMemory create(LearningSettings settings, Ticker ticker, StateStore store) {
    PlaybookMemory playbook =
        new PlaybookMemory(settings, ticker, Objects.requireNonNull(store, "store"));
    playbook.load();
    return playbook;
  }

  /** The settings. */
  @Override
  public LearningSettings settings() {
    return settings;
  }

  /** Whether the playbook learns and gives hints. */
  @Override
  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * The strongest failure expected on {@code deployment} for a request of {@code shape}, if the
   * playbook is at least {@linkplain LearningSettings#threshold() threshold} sure of it.
   */
  public Optional<LearnedRemedy> hint(Deployment deployment, RequestShape shape) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    DeploymentEntries entries = byDeployment.get(deployment.id());
    if (entries == null || !entries.anyAppliesTo(shape)) {
      return Optional.empty(); // without collecting what does not apply
    }
    Instant now = ticker.now();
    PlaybookEntry best = null;
    double bestConfidence = 0;
    for (PlaybookEntry entry : entries.applyingTo(shape)) {
      double confidence = confidence(entry, now);
      if (confidence > bestConfidence) {
        best = entry;
        bestConfidence = confidence;
      }
    }
    return bestConfidence >= settings.threshold()
        ? Optional.of(remedy(best, bestConfidence))
        : Optional.empty();
  }

  /**
   * Whether any entry is held against {@code deployment}: a cheap test before computing a shape.
   */
  public boolean knowsOf(Deployment deployment) {
    if (byDeployment.isEmpty()) {
      return false; // the usual case, without building the deployment's id
    }
    DeploymentEntries entries = byDeployment.get(deployment.id());
    return settings.enabled() && entries != null && !entries.isEmpty();
  }

  /** Whether any entry is held against {@code deployment} for requests of {@code shape}. */
  public boolean knowsOf(Deployment deployment, RequestShape shape) {
    if (!knowsOf(deployment)) {
      return false;
    }
    DeploymentEntries entries = byDeployment.get(deployment.id());
    return entries != null && entries.anyAppliesTo(shape);
  }

  /** Whether the playbook holds no entry at all: a cheap test before asking of each deployment. */
  public boolean isEmpty() {
    return byDeployment.isEmpty();
  }

  /**
   * What ended {@code signature} before, if the playbook is sure enough of it and another
   * deployment answered after it: the cascade may go there at once.
   */
  public Optional<LearnedRemedy> remedyFor(FailureSignature signature) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    DeploymentEntries entries = byDeployment.get(signature.deployment());
    PlaybookEntry entry = entries == null ? null : entries.get(signature);
    if (entry == null) {
      return Optional.empty();
    }
    double confidence = confidence(entry, ticker.now());
    Optional<String> resolver =
        entry.bestResolver().filter(id -> !id.equals(signature.deployment()));
    if (confidence < settings.threshold() || resolver.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(remedy(entry, confidence));
  }

  /**
   * Learns from one finished call: every failure in {@code trace} adds evidence to its signature,
   * and if the call was answered, the answering deployment is recorded as what ended those failures
   * and is cleared of what was held against it for requests of this shape.
   *
   * @param request the call's request (only its shape is kept)
   * @param streaming whether the call streamed
   * @param trace the call's trace
   */
  public void learn(ChatRequest request, boolean streaming, CallTrace trace) {
    if (!settings.enabled()) {
      return;
    }
    List<Attempt> attempts = trace.attempts();
    Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    Attempt answer = last != null && last.decision() == Decision.ACCEPT ? last : null;
    if (attempts.size() == 1
        && answer != null
        && !knowsOf(answer.deployment(), RequestShape.of(request, streaming))) {
      return; // the happy path: nothing failed and nothing to clear
    }
    synchronized (this) {
      Instant now = ticker.now();
      for (int i = 0; i < attempts.size(); i++) {
        Attempt attempt = attempts.get(i);
        if (attempt.failure() == null) {
          continue;
        }
        Optional<FailureSignature> signature =
            FailureSignature.of(attempt.deployment(), attempt.failure(), request, streaming);
        if (signature.isEmpty()) {
          continue;
        }
        PlaybookEntry entry = recordFailure(signature.get(), now, billed(attempt, request));
        if (answer != null && !answer.deployment().equals(attempt.deployment())) {
          long millis = answer.start().plus(answer.latency()).minus(attempt.start()).toMillis();
          entry =
              withRecovery(
                  entry, answer.deployment().id(), attempts.size() - 1 - i, Math.max(0, millis));
          put(entry);
        }
      }
      if (answer != null) {
        clear(answer.deployment(), RequestShape.of(request, streaming));
      }
      evictIfFull(now);
    }
  }

  /** Every entry, the most confident first. */
  @Override
  public List<PlaybookEntry> entries() {
    Instant now = ticker.now();
    List<PlaybookEntry> all = new ArrayList<>();
    byDeployment.values().forEach(entries -> all.addAll(entries.entries()));
    all.sort(
        Comparator.comparingDouble((PlaybookEntry entry) -> -confidence(entry, now))
            .thenComparing(entry -> entry.signature().key()));
    return all;
  }

  /** How sure the playbook is of {@code entry} now. */
  @Override
  public double confidence(PlaybookEntry entry) {
    return confidence(entry, ticker.now());
  }

  /** Forgets everything, in memory and in the store. */
  @Override
  public synchronized void clear() {
    byDeployment.clear();
    size.set(0);
    if (store != null) {
      try {
        store.clear(NAMESPACE);
      } catch (RuntimeException e) {
        LOG.warn("could not clear the playbook's store; cleared in memory only", e);
      }
    }
  }

  @Override
  public String toString() {
    return "Playbook{" + entries().size() + " signatures, " + settings + "}";
  }

  /** The entry of a failure seen once, now. */
  static PlaybookEntry first(FailureSignature signature, Instant now, double cost) {
    return new PlaybookEntry(signature, 1, 1, now, now, Map.of(), 0, 0, 0, cost);
  }

  /** {@code entry} with one more failure seen at {@code now}. */
  static PlaybookEntry withFailure(
      PlaybookEntry entry, Instant now, Duration halfLife, double cost) {
    Instant latest = now.isAfter(entry.lastSeen()) ? now : entry.lastSeen();
    return new PlaybookEntry(
        entry.signature(),
        entry.evidenceAt(now, halfLife) + 1,
        Durations.saturatedAdd(entry.failures(), 1),
        entry.firstSeen(),
        latest,
        entry.resolvers(),
        entry.recoveries(),
        entry.recoveryAttempts(),
        entry.recoveryMillis(),
        entry.wastedCost() + cost);
  }

  /**
   * {@code entry} with one more call answered by {@code resolver}, {@code attempts} and {@code
   * millis} after the failure.
   */
  static PlaybookEntry withRecovery(
      PlaybookEntry entry, String resolver, long attempts, long millis) {
    Map<String, Long> counts = new LinkedHashMap<>(entry.resolvers());
    counts.merge(resolver, 1L, Long::sum);
    // Sums saturate: a store's entry near Long.MAX_VALUE must not wrap negative and fail the check.
    return new PlaybookEntry(
        entry.signature(),
        entry.evidence(),
        entry.failures(),
        entry.firstSeen(),
        entry.lastSeen(),
        counts,
        Durations.saturatedAdd(entry.recoveries(), 1),
        Durations.saturatedAdd(entry.recoveryAttempts(), Math.max(0, attempts)),
        Durations.saturatedAdd(entry.recoveryMillis(), Math.max(0, millis)),
        entry.wastedCost());
  }

  private PlaybookEntry recordFailure(FailureSignature signature, Instant now, double cost) {
    DeploymentEntries entries = byDeployment.get(signature.deployment());
    PlaybookEntry before = entries == null ? null : entries.get(signature);
    PlaybookEntry after =
        before == null
            ? first(signature, now, cost)
            : withFailure(before, now, settings.halfLife(signature.kind()), cost);
    put(after);
    return after;
  }

  /**
   * Removes what is held against {@code deployment} for requests of {@code shape}: it just answered
   * one.
   */
  private void clear(Deployment deployment, RequestShape shape) {
    DeploymentEntries entries = byDeployment.get(deployment.id());
    if (entries == null) {
      return;
    }
    for (PlaybookEntry entry : entries.applyingTo(shape)) {
      forget(entry.signature());
      persistRemoval(entry.signature());
    }
  }

  /** Holds {@code entry} in memory, in place of the one of its signature. Under the lock. */
  private void hold(PlaybookEntry entry) {
    DeploymentEntries entries =
        byDeployment.computeIfAbsent(entry.signature().deployment(), id -> new DeploymentEntries());
    if (entries.put(entry) == null) {
      size.incrementAndGet();
    }
  }

  /** Forgets the entry of {@code signature} in memory. Under the lock. */
  private void forget(FailureSignature signature) {
    DeploymentEntries entries = byDeployment.get(signature.deployment());
    if (entries == null || entries.remove(signature) == null) {
      return;
    }
    size.decrementAndGet();
    if (entries.isEmpty()) {
      byDeployment.remove(signature.deployment(), entries);
    }
  }

  private void put(PlaybookEntry entry) {
    hold(entry);
    if (store == null) {
      return;
    }
    try {
      store.put(NAMESPACE, entry.signature().key(), json.writeValueAsString(StoredEntry.of(entry)));
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warn("could not store a playbook entry; it is kept in memory", e);
    }
  }

  private void persistRemoval(FailureSignature signature) {
    if (store == null) {
      return;
    }
    try {
      store.remove(NAMESPACE, signature.key());
    } catch (RuntimeException e) {
      LOG.warn("could not remove a playbook entry from its store", e);
    }
  }

  private void evictIfFull(Instant now) {
    int held = size.get();
    if (held <= settings.maxEntries()) {
      return;
    }
    List<PlaybookEntry> all = new ArrayList<>();
    byDeployment.values().forEach(entries -> all.addAll(entries.entries()));
    all.sort(Comparator.comparingDouble(entry -> confidence(entry, now)));
    for (int i = 0; i < all.size() - settings.maxEntries(); i++) {
      FailureSignature signature = all.get(i).signature();
      forget(signature);
      persistRemoval(signature);
    }
  }

  private void load() {
    Map<String, String> stored;
    try {
      stored = store.all(NAMESPACE);
    } catch (RuntimeException e) {
      LOG.warn("could not read the playbook from its store; starting empty", e);
      return;
    }
    stored.forEach(
        (key, value) -> {
          try {
            hold(json.readValue(value, StoredEntry.class).toEntry());
          } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("skipping an unreadable playbook entry {}: {}", key, e.getMessage());
          }
        });
  }

  private double confidence(PlaybookEntry entry, Instant now) {
    return entry.confidence(now, settings.halfLife(entry.signature().kind()));
  }

  private LearnedRemedy remedy(PlaybookEntry entry, double confidence) {
    return new LearnedRemedy(
        entry.signature(),
        confidence,
        entry.failures(),
        entry.bestResolver().filter(id -> !id.equals(entry.signature().deployment())));
  }

  /**
   * Answers that failed validation were generated, so billed: the prompt at the deployment's price.
   */
  private static double billed(Attempt attempt, ChatRequest request) {
    ErrorKind kind = attempt.failure().kind();
    if (kind != ErrorKind.VALIDATION_FAILED && kind != ErrorKind.INVALID_RESPONSE) {
      return 0;
    }
    return attempt.deployment().inputPricePerMillion()
        * request.estimatedPromptTokens()
        / 1_000_000.0;
  }

  /** An entry as stored: plain fields, times in epoch milliseconds. */
  private record StoredEntry(
      int version,
      String deployment,
      String kind,
      String code,
      String shape,
      double evidence,
      long failures,
      long firstSeen,
      long lastSeen,
      Map<String, Long> resolvers,
      long recoveries,
      long recoveryAttempts,
      long recoveryMillis,
      double wastedCost) {

    static StoredEntry of(PlaybookEntry entry) {
      FailureSignature signature = entry.signature();
      return new StoredEntry(
          FORMAT_VERSION,
          signature.deployment(),
          signature.kind().name(),
          signature.providerCode(),
          signature.shape().key(),
          entry.evidence(),
          entry.failures(),
          entry.firstSeen().toEpochMilli(),
          entry.lastSeen().toEpochMilli(),
          entry.resolvers(),
          entry.recoveries(),
          entry.recoveryAttempts(),
          entry.recoveryMillis(),
          entry.wastedCost());
    }

    PlaybookEntry toEntry() {
      if (version > FORMAT_VERSION) {
        throw new IllegalArgumentException("written by a newer Lifeline (format " + version + ")");
      }
      FailureSignature signature =
          new FailureSignature(
              deployment, ErrorKind.valueOf(kind), code, RequestShape.parse(shape));
      return new PlaybookEntry(
          signature,
          evidence,
          failures,
          Instant.ofEpochMilli(firstSeen),
          Instant.ofEpochMilli(lastSeen),
          resolvers == null ? Map.of() : resolvers,
          recoveries,
          recoveryAttempts,
          recoveryMillis,
          wastedCost);
    }
  }
}
