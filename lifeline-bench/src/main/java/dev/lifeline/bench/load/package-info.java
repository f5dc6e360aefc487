/**
 * The loopback load benchmark: Lifeline against a bare JDK client and in-process peers
 * (LangChain4j, openai-java), all in one JVM, calling an independent fake OpenAI server ({@link
 * dev.lifeline.bench.load.FakeOpenAiServerMain}) that runs in its own process.
 *
 * <p>Run it with {@code bench/load.sh}; {@link dev.lifeline.bench.load.LoadBenchmark} is the entry
 * point and lists its options with {@code --help}.
 */
package dev.lifeline.bench.load;
