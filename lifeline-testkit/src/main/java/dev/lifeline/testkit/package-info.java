/**
 * A fake LLM provider fleet over real HTTP on loopback, for Lifeline's tests and for yours.
 *
 * <p>A {@link dev.lifeline.testkit.FakeLlmServer} speaks one {@link
 * dev.lifeline.testkit.WireFormat} (OpenAI chat completions, Anthropic messages or Gemini
 * generateContent) on {@code 127.0.0.1}, answers in the provider's documented shapes, streams when
 * asked, and plays scripted {@link dev.lifeline.testkit.Fault}s: error statuses with the provider's
 * real bodies and headers, latency, hangs, dropped connections, broken streams and 200-OK silent
 * failures. It records every request it receives. A {@link dev.lifeline.testkit.FakeFleet} runs
 * several servers together, and {@link dev.lifeline.testkit.FakeFleetExtension} runs a fleet around
 * JUnit 5 tests.
 *
 * <pre>{@code
 * try (FakeFleet fleet =
 *     FakeFleet.builder().openAi("openai").anthropic("anthropic").build().start()) {
 *   FakeLlmServer openai = fleet.server("openai");
 *   openai.enqueue(Fault.rateLimited(Duration.ofMillis(200)), Fault.serverError());
 *   // a client at openai.baseUrl(): the first call gets a 429, the second a 500, then answers
 * }
 * }</pre>
 */
package dev.lifeline.testkit;
