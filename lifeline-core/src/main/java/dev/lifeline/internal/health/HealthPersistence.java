package dev.lifeline.internal.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.health.CircuitState;
import dev.lifeline.health.CooldownTarget;
import dev.lifeline.health.Hold;
import dev.lifeline.model.Deployment;
import dev.lifeline.state.StateStore;
import dev.lifeline.trace.EngineListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a tracker's {@link Hold holds} (cooldowns, open circuits) in a {@link StateStore} under
 * namespace {@value #NAMESPACE}, rewritten whenever one starts, ends or a circuit moves, and gives
 * them back to a new tracker, so that a restarted engine skips what was known to be out. Holds
 * carry target names, times and failure summaries, never prompts or keys. A store that fails is
 * logged; the engine keeps going. The events arrive on whatever thread fired them, the timer's
 * included, so after {@link #attach} this class only hands writes to the store: give it a
 * non-blocking one (the engine gives it a {@link
 * dev.lifeline.internal.state.WriteBehindStateStore}). Not API.
 */
public final class HealthPersistence implements EngineListener {
  /** The namespace of the holds in the store. */
  public static final String NAMESPACE = "health";

  private static final Logger LOG = LoggerFactory.getLogger(HealthPersistence.class);

  private final StateStore store;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private volatile HealthTracker tracker; // set once, by attach, before any call

  /** What was last sent to the store, by key: the store is not read back to find what changed. */
  private final Map<String, String> written = new HashMap<>(); // guarded by this

  /** Persistence to {@code store}; {@link #attach} it to the tracker it listens to. */
  public HealthPersistence(StateStore store) {
    this.store = store;
  }

  /**
   * Restores the stored holds into {@code health}, and from now on writes its holds. Reads the
   * store once, here, at build time; from then on only writes are sent to it.
   */
  public void attach(HealthTracker health) {
    Map<String, String> values = storedValues();
    for (Hold hold : parse(values)) {
      health.restore(hold);
    }
    synchronized (this) {
      written.putAll(values); // what the store holds now, so that write() removes what ended
    }
    this.tracker = health; // after restoring: the restore's own events need not be written back
    write();
  }

  /**
   * Takes a hold another engine wrote to a shared store ({@link StateStore#watch}): the tracker
   * skips its target until it ends. Called on the store's thread; an unreadable value is skipped
   * with a warning.
   */
  public void shared(String key, String value) {
    HealthTracker health = tracker;
    if (health == null) {
      return;
    }
    for (Hold hold : parse(Map.of(key, value))) {
      health.share(hold);
    }
  }

  /** The holds the store keeps; unreadable ones are skipped with a warning. */
  public List<Hold> stored() {
    return parse(storedValues());
  }

  private Map<String, String> storedValues() {
    try {
      return store.all(NAMESPACE);
    } catch (RuntimeException e) {
      LOG.warn("could not read health holds from the store; starting without them", e);
      return Map.of();
    }
  }

  private List<Hold> parse(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            entry -> {
              try {
                StoredHold stored = json.readValue(entry.getValue(), StoredHold.class);
                return new Hold(
                    stored.target(),
                    stored.provider(),
                    Instant.ofEpochMilli(stored.until()),
                    stored.reason());
              } catch (JsonProcessingException | RuntimeException e) {
                LOG.warn(
                    "skipping an unreadable health hold {}: {}", entry.getKey(), e.getMessage());
                return null;
              }
            })
        .filter(hold -> hold != null)
        .toList();
  }

  @Override
  public void onCircuitStateChanged(
      Deployment deployment, CircuitState from, CircuitState to, String reason) {
    write();
  }

  @Override
  public void onCooldownStarted(CooldownTarget target, Duration duration, String reason) {
    write();
  }

  @Override
  public void onCooldownEnded(CooldownTarget target) {
    write();
  }

  /**
   * Makes the store hold exactly the tracker's current holds, by writing only what changed since
   * the last write. Runs on whatever thread fired the event (the timer's, a caller's), so it only
   * queues writes: the engine's store is write-behind, and the store is never read here.
   */
  private synchronized void write() {
    HealthTracker health = tracker;
    if (health == null) {
      return;
    }
    try {
      Map<String, String> now = new HashMap<>();
      for (Hold hold : health.holds()) {
        now.put(
            hold.key(),
            json.writeValueAsString(
                new StoredHold(
                    hold.target(), hold.provider(), hold.until().toEpochMilli(), hold.reason())));
      }
      for (Map.Entry<String, String> hold : now.entrySet()) {
        if (!hold.getValue().equals(written.get(hold.getKey()))) {
          store.put(NAMESPACE, hold.getKey(), hold.getValue());
          written.put(hold.getKey(), hold.getValue());
        }
      }
      for (String key : List.copyOf(written.keySet())) {
        if (!now.containsKey(key)) {
          store.remove(NAMESPACE, key);
          written.remove(key);
        }
      }
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.warn("could not write health holds to the store; they are kept in memory only", e);
    }
  }

  private record StoredHold(String target, boolean provider, long until, String reason) {}
}
