package dev.lifeline.store.redis;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Redis keys of one application. Every key starts with {@code lifeline:{app}:}; the braces make
 * the application a Redis Cluster hash tag, so that one application's keys share a slot and batch
 * reads (MGET) and scripts stay legal there. Keys carry namespaces, deployment ids and provider
 * names only.
 */
final class KeySpace {
  private static final Pattern APPLICATION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final String prefix;

  KeySpace(String application) {
    Objects.requireNonNull(application, "application");
    if (!APPLICATION.matcher(application).matches()) {
      throw new IllegalArgumentException(
          "application must be 1 to 64 letters, digits, '.', '_' or '-', was '"
              + application
              + "'");
    }
    this.prefix = "lifeline:{" + application + "}:";
  }

  /** The string key of one hold ({@code provider:openai}, {@code deployment:openai/gpt-4o}). */
  String hold(String holdKey) {
    return prefix + "hold:" + holdKey;
  }

  /** The hold key back from its Redis key. */
  String holdKeyOf(String redisKey) {
    return redisKey.substring((prefix + "hold:").length());
  }

  /** The set of every hold's Redis key, so that a reader knows what to MGET. */
  String holdIndex() {
    return prefix + "holds";
  }

  /** The hash of a plain namespace. */
  String namespace(String namespace) {
    return prefix + "ns:" + namespace;
  }

  /** The hash of one playbook entry: one field per replica, its share of the evidence. */
  String playbookEntry(String entryKey) {
    return prefix + "pb:" + entryKey;
  }

  /** The entry key back from its Redis key. */
  String playbookKeyOf(String redisKey) {
    return redisKey.substring((prefix + "pb:").length());
  }

  /** The set of every playbook entry's Redis key. */
  String playbookIndex() {
    return prefix + "playbook";
  }

  /** The string key of one deployment's half-open probe lease. */
  String probe(String target) {
    return prefix + "probe:" + target;
  }

  /** The prefix of one rate budget's counters; the script appends the window's number. */
  String rate(String budget) {
    return prefix + "rate:" + budget;
  }

  /**
   * The prefix of one deployment's client-side limit counters; the script appends {@code r} or
   * {@code t} (requests, tokens) and the window's number.
   */
  String limit(String deploymentId) {
    return prefix + "limit:" + deploymentId;
  }

  /**
   * The sorted set of one deployment's slots of calls in flight: members are lease ids, scores the
   * lease's end on Redis's clock.
   */
  String slots(String deploymentId) {
    return prefix + "slots:" + deploymentId;
  }

  /** Every key of the application, for a SCAN pattern. */
  String pattern() {
    return prefix.replace("{", "\\{").replace("}", "\\}") + "*";
  }
}
