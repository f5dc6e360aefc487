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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lifeline over real HTTP against a bare {@link HttpClient}: the same chat-completions request to
 * the same testkit {@link FakeLlmServer} on loopback, in µs per call; target: {@link #lifeline}
 * within 5 % of {@link #bareClient}.
 *
 * <ul>
 *   <li>{@link #lifeline}: {@code engine.call(request)} with one {@link OpenAiProvider} and the
 *       default validators: request JSON written, sent, the answer parsed, validated and traced.
 *   <li>{@link #bareClient}: a POST of the very bytes Lifeline sent (captured from the server in
 *       setup), with the same headers, by an HTTP/1.1 client that follows no redirects (as
 *       Lifeline's), the body read as a string. The least a caller could do.
 *   <li>{@link #bareClientParsed}: the same, plus what such a caller must still do to get the text:
 *       parse the JSON with Jackson and read {@code choices[0].message.content}.
 *   <li>{@link #bareClientAsync}: the same POST with {@code sendAsync(...).join()}: what a caller
 *       that must not block a thread per call pays. Lifeline is asynchronous underneath (a call can
 *       be cancelled, timed out and failed over without a thread waiting on it), so this is the
 *       bare client it is built on; the JDK's own hop from {@code send} to {@code sendAsync} shows
 *       here.
 * </ul>
 *
 * <p>The server runs in the benchmark's JVM and shares its 2 cores: each µs is server + client, and
 * the ratio of the means is the figure to read, not either alone. The server's recordings are
 * cleared after every iteration so that memory stays flat.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HttpOverheadBenchmark {

  private static final String MODEL = "gpt-4o-mini";
  private static final String KEY = "sk-bench-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeLlmServer server;
  private SelfHealingEngine engine;
  private ChatRequest request;
  private HttpClient bare;
  private HttpRequest bareRequest;

  /**
   * Starts the server, builds the engine, makes one call through it and captures that call's body
   * and headers for the bare client, so that both send the same bytes.
   */
  @Setup(Level.Trial)
  public void setUp() {
    server = FakeLlmServer.start(WireFormat.OPENAI);
    OpenAiProvider provider =
        OpenAiProvider.builder()
            .name("fake-openai")
            .baseUrl(server.baseUrl())
            .apiKey(ApiKey.of(KEY))
            .build();
    engine = SelfHealingEngine.builder().provider(provider, MODEL).build();
    request =
        ChatRequest.builder()
            .system("You are a support agent for an online shop. Answer in one or two sentences.")
            .user(
                "Process this customer refund request: order 1234, 42.00 EUR, item arrived broken.")
            .build();
    engine.call(request);
    RecordedRequest sent = server.requests().get(0);
    bare = BareClient.http11();
    bareRequest = BareClient.replay(server, MODEL, sent, sent.header("accept").orElseThrow());
    server.clear();
  }

  /** Forgets the server's recordings, which would otherwise grow by one per call. */
  @TearDown(Level.Iteration)
  public void clearRecordings() {
    server.clear();
  }

  /** Stops the server and frees its port. */
  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
  }

  /** One call through the engine: write, send, parse, validate, trace. */
  @Benchmark
  public ChatResponse lifeline() {
    return engine.call(request);
  }

  /** The same bytes POSTed by a bare client; the body is read but not parsed. */
  @Benchmark
  public String bareClient() {
    return post();
  }

  /** The bare client plus the JSON parse a caller needs to reach the answer's text. */
  @Benchmark
  public String bareClientParsed() {
    try {
      JsonNode answer = JSON.readTree(post());
      return answer.path("choices").path(0).path("message").path("content").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same bytes POSTed with {@code sendAsync(...).join()}, as an asynchronous caller would. */
  @Benchmark
  public String bareClientAsync() {
    HttpResponse<String> response =
        bare.sendAsync(bareRequest, HttpResponse.BodyHandlers.ofString()).join();
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "fake server answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private String post() {
    try {
      HttpResponse<String> response = bare.send(bareRequest, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "fake server answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
