package dev.lifeline.learning;

import java.util.List;

/**
 * What the engine learned from its failures, by {@link FailureSignature}: read it with {@link
 * #entries()} (from {@code engine.playbook()}), forget it with {@link #clear()}.
 *
 * <p>Every call's trace is learned from: each failure adds evidence to its signature, and the
 * deployment that answered in the end is recorded as what resolved it; an answer from a deployment
 * clears what the playbook held against it for requests of that shape. Evidence decays by half per
 * half-life of its kind ({@link LearningSettings}), so a deployment that recovers gets its traffic
 * back within one half-life even if nothing clears it. The next call that would meet a learned
 * failure starts where it was resolved before.
 *
 * <p>Entries are written through to the engine's {@link dev.lifeline.state.StateStore} (namespace
 * {@value #NAMESPACE}) and read back when the engine starts. They hold deployment ids, error kinds,
 * provider error codes, request shapes, counts, times and costs: never prompt text, answers or
 * keys. Thread-safe.
 */
public interface Playbook {
  /** The {@link dev.lifeline.state.StateStore} namespace of the playbook's entries. */
  String NAMESPACE = "playbook";

  /** The settings. */
  LearningSettings settings();

  /** Whether the playbook learns and gives hints. */
  boolean enabled();

  /** Every entry, the most confident first. */
  List<PlaybookEntry> entries();

  /** How sure the playbook is of {@code entry} now, in [0, 1). */
  double confidence(PlaybookEntry entry);

  /** Forgets everything, in memory and in the store. */
  void clear();
}
