package dev.lifeline.internal.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.lifeline.routing.Balancing;
import dev.lifeline.routing.LimitPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code balancing} section of a configuration file: deployment groups, client-side limits and
 * what a call does at them, routing rules by tag, and how many sessions affinity remembers. Not
 * API.
 *
 * @param groups deployment groups, each one rung of the ladder
 * @param limits client-side limits by deployment id ({@code provider/model})
 * @param limitPolicy wait | next-rung, or null for the default
 * @param rules tag rules that reorder a call's ladder
 * @param sessions how many sessions affinity remembers and for how long, or null
 */
public record BalancingEntry(
    List<GroupEntry> groups,
    Map<String, LimitsEntry> limits,
    @JsonDeserialize(using = BalancingEntry.LimitPolicyValue.class) LimitPolicy limitPolicy,
    List<RuleEntry> rules,
    SessionsEntry sessions) {

  /** The keys each place of the section allows; {@code limits} takes any deployment id. */
  static final Map<String, Set<String>> KEYS =
      Map.of(
          "balancing", Set.of("groups", "limits", "limitPolicy", "rules", "sessions"),
          "balancing.groups[]", Set.of("name", "strategy", "members"),
          "balancing.groups[].members[]", Set.of("deployment", "weight"),
          "balancing.rules[]", Set.of("tag", "value", "prefer"),
          "balancing.sessions", Set.of("max", "ttl"));

  /** Defaults absent lists and maps to empty ones. */
  public BalancingEntry {
    groups = groups == null ? List.of() : List.copyOf(groups);
    limits = limits == null ? Map.of() : Map.copyOf(limits);
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /**
   * One deployment group.
   *
   * @param name the group's name, for traces
   * @param strategy weighted | least-in-flight | headroom, or null for weighted
   * @param members its deployments
   */
  public record GroupEntry(
      String name,
      @JsonDeserialize(using = BalancingEntry.BalancingValue.class) Balancing strategy,
      List<MemberEntry> members) {

    /** Defaults absent members to none. */
    public GroupEntry {
      members = members == null ? List.of() : List.copyOf(members);
    }
  }

  /**
   * One member of a group: a deployment id, or an object with its weight.
   *
   * @param deployment the deployment's id, {@code provider/model}
   * @param weight its weight, 1 when absent
   */
  public record MemberEntry(String deployment, int weight) {

    /** A member given by its deployment id only, of weight 1. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MemberEntry named(String deployment) {
      return new MemberEntry(deployment, 1);
    }

    /** Defaults the weight to 1. */
    public MemberEntry {
      weight = weight == 0 ? 1 : weight;
    }
  }

  /**
   * Client-side limits of one deployment; absent values mean no limit.
   *
   * @param requestsPerMinute requests in any 60 s
   * @param tokensPerMinute tokens in any 60 s
   * @param maxConcurrent calls in flight at once
   */
  public record LimitsEntry(int requestsPerMinute, long tokensPerMinute, int maxConcurrent) {}

  /**
   * A routing rule.
   *
   * @param tag the tag's key
   * @param value the value a call's tag must have
   * @param prefer providers or deployment ids tried first, in order
   */
  public record RuleEntry(String tag, String value, List<String> prefer) {

    /** Defaults absent preferences to none. */
    public RuleEntry {
      prefer = prefer == null ? List.of() : List.copyOf(prefer);
    }
  }

  /**
   * Session affinity's memory.
   *
   * @param max sessions remembered, or null for the default
   * @param ttl how long an unused session is remembered, or null for the default
   */
  public record SessionsEntry(
      Integer max, @JsonDeserialize(using = ConfigValues.DurationValue.class) Duration ttl) {}

  /** weighted | least-in-flight | headroom. */
  static final class BalancingValue extends JsonDeserializer<Balancing> {
    @Override
    public Balancing deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return ConfigValues.enumValue(parser, Balancing.class, "weighted, least-in-flight, headroom");
    }
  }

  /** wait | next-rung. */
  static final class LimitPolicyValue extends JsonDeserializer<LimitPolicy> {
    @Override
    public LimitPolicy deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return ConfigValues.enumValue(parser, LimitPolicy.class, "wait, next-rung");
    }
  }
}
