package dev.lifeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.testkit.FakeLlmServer;
import dev.lifeline.testkit.RecordedRequest;
import dev.lifeline.testkit.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A streamed answer of {@link #chunks} deltas over real HTTP on loopback, through the engine and
 * through a bare {@link HttpClient} that reads the same SSE body line by line and parses each
 * event's JSON with Jackson (the least a streaming caller can do). Time per call divided by the
 * chunks is the cost of one chunk: it should stay flat as the chunks grow, and Lifeline's should
 * stay near the bare client's (no timer re-armed, no copy of the text so far, per chunk).
 *
 * <p>The testkit's server runs in the benchmark's JVM and shares its cores: read the ratio of the
 * two benchmarks at each chunk count, not either time alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StreamChunksBenchmark {

  private static final String MODEL = "gpt-4o-mini";
  private static final String KEY = "sk-bench-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Deltas in each streamed answer: one per word of the server's answer. */
  @Param({"10", "100", "1000"})
  public int chunks;

  private FakeLlmServer server;
  private SelfHealingEngine engine;
  private ChatRequest request;
  private HttpClient bare;
  private HttpRequest bareRequest;

  /**
   * Starts the server with an answer of {@link #chunks} words, streams it once through the engine
   * and captures that request for the bare client, so that both send the same bytes.
   */
  @Setup(Level.Trial)
  public void setUp() {
    server = FakeLlmServer.start(WireFormat.OPENAI);
    StringBuilder answer = new StringBuilder("Refund");
    for (int i = 1; i < chunks; i++) {
      answer.append(" w").append(i);
    }
    server.script().answerText(answer.toString());
    OpenAiProvider provider =
        OpenAiProvider.builder()
            .name("fake-openai")
            .baseUrl(server.baseUrl())
            .apiKey(ApiKey.of(KEY))
            .build();
    engine = SelfHealingEngine.builder().provider(provider, MODEL).build();
    request = ChatRequest.of("Process the refund of order 1234: the item arrived broken.");
    int[] deltas = {0};
    engine.stream(request, delta -> deltas[0]++).join();
    if (deltas[0] != chunks) {
      throw new IllegalStateException("expected " + chunks + " deltas, got " + deltas[0]);
    }
    RecordedRequest sent = server.requests().get(0);
    bare = BareClient.http11();
    bareRequest = BareClient.replay(server, MODEL, sent, "text/event-stream");
    server.clear();
  }

  /** Forgets the server's recordings, which would otherwise grow by one per call. */
  @TearDown(Level.Iteration)
  public void clearRecordings() {
    server.clear();
  }

  /** Closes the engine and stops the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
    server.close();
  }

  /** One streamed call through the engine, every delta passed to the caller, then validated. */
  @Benchmark
  public ChatResponse lifeline() {
    StringBuilder text = new StringBuilder();
    return engine.stream(request, text::append).join();
  }

  /** The same request by a bare client: each SSE line read, each event's JSON parsed. */
  @Benchmark
  public String bareClient() {
    try {
      HttpResponse<Stream<String>> response =
          bare.send(bareRequest, HttpResponse.BodyHandlers.ofLines());
      StringBuilder text = new StringBuilder();
      try (Stream<String> lines = response.body()) {
        Iterator<String> each = lines.iterator();
        while (each.hasNext()) {
          String line = each.next();
          if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
            continue;
          }
          JsonNode delta = JSON.readTree(line.substring(6)).path("choices").path(0).path("delta");
          text.append(delta.path("content").asText(""));
        }
      }
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
