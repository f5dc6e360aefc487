package dev.lifeline.bench.chaos;

/**
 * The shape of a scenario's request stream: prompt and answer sizes, the share of requests that ask
 * for JSON, the share of oversized prompts that only a large context window can read, and the share
 * of streamed calls.
 *
 * @param promptP50 median prompt size in tokens
 * @param promptP99 99th-percentile prompt size in tokens
 * @param outputP50 median answer size in tokens
 * @param outputP99 99th-percentile answer size in tokens
 * @param jsonShare share of requests in JSON mode, 0 to 1
 * @param oversizedShare share of requests whose prompt is {@code oversizedTokens} long, 0 to 1
 * @param oversizedTokens the size of an oversized prompt
 * @param streamShare share of requests whose caller streams the answer, 0 to 1
 */
public record Workload(
    int promptP50,
    int promptP99,
    int outputP50,
    int outputP99,
    double jsonShare,
    double oversizedShare,
    int oversizedTokens,
    double streamShare) {

  /** Chat-sized prompts, a fifth in JSON mode, nothing oversized, nothing streamed. */
  public static final Workload DEFAULT = new Workload(600, 6_000, 250, 1_500, 0.2, 0, 150_000, 0);
}
