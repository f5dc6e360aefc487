package dev.lifeline.bench.load;

/**
 * The one request every contender sends: a short support-agent exchange, as in the JMH benchmarks.
 */
final class Prompt {

  static final String MODEL = "gpt-4o-mini";
  static final String API_KEY = "sk-bench-0123456789abcdef";
  static final String SYSTEM =
      "You are a support agent for an online shop. Answer in one or two sentences.";
  static final String USER =
      "Process this customer refund request: order 1234, 42.00 EUR, item arrived broken.";

  private Prompt() {}
}
