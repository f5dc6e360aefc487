package dev.lifeline.bench;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.health.HealthSettings;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.ResponseFormat;
import dev.lifeline.model.Usage;
import dev.lifeline.model.Verdict;
import dev.lifeline.provider.openai.OpenAiRequestBodies;
import dev.lifeline.validation.ResponseValidator;
import dev.lifeline.validation.Validators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whether the engine's cost per call grows only with the work the call asks for: each benchmark
 * varies one dimension by a {@code @Param} and holds the others at their smallest, so that the
 * ratio of its largest value to its smallest, read within one run, is what that dimension costs.
 *
 * <ul>
 *   <li>{@link #callByDeployments}: a blocking call on the happy path with 2, 20 or 200 deployments
 *       configured (providers of 2 models each); the first answers.
 *   <li>{@link #callByPlaybook}: the same with 2 deployments and a playbook of 0, 1,000 or 100,000
 *       learned signatures, all held against those deployments and none applying to the request
 *       ({@link PlaybookFixture}).
 *   <li>{@link #callByHealthSamples}: the same with 0, 100 or 10,000 answers of realistic latency
 *       (200 ms to 3 s) in the answering deployment's health window, which the adaptive attempt
 *       timeout reads on every call. The window is 12 h here so that it holds 10,000 such answers
 *       recorded one after the other ({@link LaggingProvider}).
 *   <li>For a prompt of 1 KB, 32 KB or 1 MB: {@link #promptTokenEstimate}, {@link
 *       #promptOpenAiBody} (the OpenAI request body written as JSON), {@link #promptTextValidation}
 *       and {@link #promptJsonValidation} (the default validators on an answer of that size, text
 *       or a JSON object asked for by JSON mode), and {@link #callByPromptBytes} (a whole call).
 * </ul>
 *
 * <p>Every engine is built as a user would build it (the defaults) on in-process providers that
 * answer at once ({@link ImmediateProvider}); only the ticker differs ({@link AdvancingTicker}),
 * the same in every engine here. Targets: the call benchmarks within 2x from the smallest value to
 * the largest; the prompt ones at most linear (1 MB at most ~1,024x the cost of 1 KB).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ScalingBenchmark {

  /** The short text request of every call benchmark but the prompt one. */
  static final ChatRequest REQUEST =
      ChatRequest.builder()
          .system("You are a support agent for an online shop. Answer in one or two sentences.")
          .user("Process this customer refund request: order 1234, 42.00 EUR, item arrived broken.")
          .build();

  /** A happy-path call with {@code deployments} configured. */
  @Benchmark
  public ChatResponse callByDeployments(Fleet fleet) {
    return fleet.engine.call(REQUEST);
  }

  /** A happy-path call with a playbook of {@code signatures} entries. */
  @Benchmark
  public ChatResponse callByPlaybook(Playbooks playbooks) {
    return playbooks.engine.call(REQUEST);
  }

  /** A happy-path call with {@code samples} answers in the deployment's health window. */
  @Benchmark
  public ChatResponse callByHealthSamples(HealthWindows windows) {
    return windows.engine.call(REQUEST);
  }

  /** A happy-path call of a prompt of {@code promptBytes}. */
  @Benchmark
  public ChatResponse callByPromptBytes(Prompts prompts) {
    return prompts.engine.call(prompts.request);
  }

  /** The token estimate of a prompt of {@code promptBytes}. */
  @Benchmark
  public int promptTokenEstimate(Prompts prompts) {
    return prompts.request.estimatedPromptTokens();
  }

  /** The OpenAI Chat Completions body of a prompt of {@code promptBytes}, written as JSON. */
  @Benchmark
  public byte[] promptOpenAiBody(Prompts prompts) {
    return OpenAiRequestBodies.write(prompts.request, ImmediateProvider.MODEL);
  }

  /** The default validators on a text answer of {@code promptBytes}. */
  @Benchmark
  public double promptTextValidation(Prompts prompts) {
    return validate(prompts.validators, REQUEST, prompts.textAnswer);
  }

  /** The default validators on a JSON answer of {@code promptBytes}, asked for by JSON mode. */
  @Benchmark
  public double promptJsonValidation(Prompts prompts) {
    return validate(prompts.validators, prompts.jsonRequest, prompts.jsonAnswer);
  }

  private static double validate(
      List<ResponseValidator> validators, ChatRequest request, ChatResponse answer) {
    double scores = 0;
    for (ResponseValidator validator : validators) {
      Verdict verdict = validator.validate(request, answer);
      scores += verdict.passed() ? verdict.score() : -1000; // consumes every verdict
    }
    return scores;
  }

  /** A builder of an engine on {@code providers} (2 models each), otherwise at the defaults. */
  static SelfHealingEngine.Builder engine(
      List<? extends dev.lifeline.provider.Provider> providers) {
    SelfHealingEngine.Builder builder = SelfHealingEngine.builder();
    for (dev.lifeline.provider.Provider provider : providers) {
      builder.provider(provider, ImmediateProvider.MODEL, ImmediateProvider.MODEL + "-mini");
    }
    return builder;
  }

  /** An engine over 2, 20 or 200 deployments. */
  @State(Scope.Benchmark)
  public static class Fleet {

    /** How many deployments the engine is configured with. */
    @Param({"2", "20", "200"})
    public int deployments;

    SelfHealingEngine engine;

    /** Builds the engine: providers p0, p1, ... of 2 models each. */
    @Setup(Level.Trial)
    public void setUp() {
      List<ImmediateProvider> providers = new ArrayList<>();
      for (int i = 0; i < deployments / 2; i++) {
        providers.add(new ImmediateProvider("p" + i));
      }
      engine = engine(providers).ticker(new AdvancingTicker()).build();
    }
  }

  /** An engine over 2 deployments with a playbook of 0, 1,000 or 100,000 signatures. */
  @State(Scope.Benchmark)
  public static class Playbooks {

    /** How many signatures the playbook holds. */
    @Param({"0", "1000", "100000"})
    public int signatures;

    SelfHealingEngine engine;

    /** Builds the engine on a store that holds the playbook, read back at build time. */
    @Setup(Level.Trial)
    public void setUp() {
      AdvancingTicker ticker = new AdvancingTicker();
      ImmediateProvider provider = new ImmediateProvider("p0");
      List<String> ids =
          List.of("p0/" + ImmediateProvider.MODEL, "p0/" + ImmediateProvider.MODEL + "-mini");
      engine =
          engine(List.of(provider))
              .ticker(ticker)
              .learning(LearningSettings.builder().maxEntries(200_000).build())
              .stateStore(PlaybookFixture.storeWith(signatures, ids, ticker.now()))
              .build();
      if (engine.playbook().entries().size() != signatures) {
        throw new IllegalStateException(
            "the playbook holds " + engine.playbook().entries().size() + " signatures");
      }
    }
  }

  /** An engine over 2 deployments whose first has 0, 100 or 10,000 answers in its window. */
  @State(Scope.Benchmark)
  public static class HealthWindows {

    /** How many answers the answering deployment's health window holds. */
    @Param({"0", "100", "10000"})
    public int samples;

    SelfHealingEngine engine;

    /** Builds the engine and fills the window by calls whose provider lags on the ticker. */
    @Setup(Level.Trial)
    public void setUp() {
      AdvancingTicker ticker = new AdvancingTicker();
      LaggingProvider provider = new LaggingProvider("p0", ticker);
      engine =
          engine(List.of(provider))
              .ticker(ticker)
              .health(HealthSettings.defaults().withWindow(Duration.ofHours(12)))
              .build();
      provider.lag(true);
      for (int i = 0; i < samples; i++) {
        engine.call(REQUEST);
      }
      provider.lag(false);
    }
  }

  /** A prompt of 1 KB, 32 KB or 1 MB, an answer of that size, and an engine to call. */
  @State(Scope.Benchmark)
  public static class Prompts {

    /** The prompt's size in bytes (ASCII, so characters too). */
    @Param({"1024", "32768", "1048576"})
    public int promptBytes;

    ChatRequest request;
    ChatRequest jsonRequest;
    ChatResponse textAnswer;
    ChatResponse jsonAnswer;
    List<ResponseValidator> validators;
    SelfHealingEngine engine;

    /** Builds the prompt, the answers and the engine. */
    @Setup(Level.Trial)
    public void setUp() {
      String prompt = prose(promptBytes);
      request =
          ChatRequest.builder().system(REQUEST.messages().get(0).content()).user(prompt).build();
      jsonRequest = request.toBuilder().responseFormat(ResponseFormat.json()).build();
      textAnswer = answer(prose(promptBytes));
      jsonAnswer = answer(jsonObject(promptBytes));
      validators = Validators.defaults();
      engine = engine(List.of(new ImmediateProvider("p0"))).ticker(new AdvancingTicker()).build();
    }

    private static ChatResponse answer(String text) {
      return ChatResponse.builder()
          .text(text)
          .finishReason(FinishReason.STOP)
          .usage(new Usage(text.length() / 4, text.length() / 4))
          .provider("p0")
          .model(ImmediateProvider.MODEL)
          .build();
    }

    /** {@code bytes} of sentences, the happy answer's words in turn. */
    static String prose(int bytes) {
      StringBuilder text = new StringBuilder(bytes);
      int sentence = 0;
      while (text.length() < bytes) {
        text.append("Order ")
            .append(1000 + sentence++)
            .append(": ")
            .append(ImmediateProvider.ANSWER)
            .append(' ');
      }
      text.setLength(bytes);
      return text.toString().strip() + ".";
    }

    /** A JSON object of about {@code bytes}: an array of small records. */
    static String jsonObject(int bytes) {
      StringBuilder json = new StringBuilder(bytes + 100).append("{\"orders\":[");
      for (int i = 0; json.length() < bytes - 80; i++) {
        if (i > 0) {
          json.append(',');
        }
        json.append("{\"id\":")
            .append(1000 + i)
            .append(",\"amount\":42.00,\"currency\":\"EUR\",\"status\":\"refunded\"}");
      }
      return json.append("]}").toString();
    }
  }
}
