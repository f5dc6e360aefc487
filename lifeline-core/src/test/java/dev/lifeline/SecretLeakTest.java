package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lifeline.internal.util.LeakKeys;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.anthropic.AnthropicProvider;
import dev.lifeline.provider.gemini.GeminiProvider;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.trace.EngineListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A provider that echoes its key, whole, cut, inside JSON, in headers or masked, leaves no piece of
 * eight or more characters of it in what the engine shows: exception, trace, table, failures,
 * health, the listener's events and the log. Over real HTTP on loopback, one key shape per wire
 * format it belongs to.
 */
class SecretLeakTest {

  private final EchoServer server = new EchoServer();

  @AfterEach
  void stop() {
    server.close();
  }

  static Stream<String> keys() {
    return LeakKeys.all().stream();
  }

  @ParameterizedTest
  @MethodSource("keys")
  void aWholeKeyInAJsonErrorAndInHeadersIsGoneEverywhere(String key) {
    server.answer(
        401,
        Map.of(
            "content-type",
            "application/json",
            "x-request-id",
            "req_" + key,
            "x-ratelimit-limit-requests",
            key,
            "x-echo",
            key,
            "www-authenticate",
            "Bearer realm=\"api\", error=\"invalid_token\", token=\"" + key + "\""),
        "{\"error\":{\"message\":\"Incorrect API key provided: "
            + key
            + ". You can find your API key at"
            + " https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
            + "\"param\":\""
            + key
            + "\",\"code\":\"invalid_api_key\"}}");

    // The second call finds the deployment cooling down: its trace notes repeat the hold's reason.
    String shown = shownByTwoCalls(key);

    assertNoPiece(shown, key);
    assertThat(shown).contains("[REDACTED]").contains("AUTHENTICATION");
  }

  @ParameterizedTest
  @MethodSource("keys")
  void aKeyCutByAnExcerptAtAnyOffsetLeavesNoPiece(String key) {
    // 120: a 200 that is not JSON; 200: an error body with no message field; 1000: the message
    // field.
    for (int cut : new int[] {120, 200, 1000}) {
      for (int start = Math.max(0, cut - key.length() + 8); start <= cut - 8; start += 3) {
        String padding = "e".repeat(start);
        if (cut == 120) {
          server.answer(200, Map.of("content-type", "application/json"), padding + key + " tail");
        } else if (cut == 200) {
          server.answer(400, Map.of("content-type", "text/plain"), padding + key + " tail");
        } else {
          server.answer(
              400,
              Map.of("content-type", "application/json"),
              "{\"error\":{\"message\":\""
                  + "Incorrect key ".substring(0, 14)
                  + padding.substring(14)
                  + key
                  + "\"}}");
        }

        assertNoPiece(shownByOneCall(key), key);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("keys")
  void aKeyCutInAKeptHeaderLeavesNoPiece(String key) {
    for (int start = Math.max(0, 200 - key.length() + 8); start <= 192; start += 3) {
      String value = "r".repeat(start) + key;
      server.answer(
          400,
          Map.of(
              "content-type",
              "application/json",
              "x-request-id",
              value,
              "x-ratelimit-reset-tokens",
              value,
              "x-echo",
              value),
          "{\"error\":{\"message\":\"bad request\"}}");

      assertNoPiece(shownByOneCall(key), key);
    }
  }

  @ParameterizedTest
  @MethodSource("keys")
  void aProvidersMaskedEchoIsReplacedByTheMarker(String key) {
    String masked = key.substring(0, 8) + "*".repeat(40) + key.substring(key.length() - 4);
    server.answer(
        401,
        Map.of("content-type", "application/json"),
        "{\"error\":{\"message\":\"Incorrect API key provided: "
            + masked
            + ". Also: sk-abc***…wxyz.\","
            + "\"code\":\"invalid_api_key\"}}");

    String shown = shownByTwoCalls(key);

    assertNoPiece(shown, key);
    assertThat(shown)
        .contains("Incorrect API key provided: [REDACTED]")
        .doesNotContain("***")
        // Letters no timestamp or request id holds: "1234" was once found in a wall-clock instant.
        .doesNotContain("wxyz");
  }

  @Test
  void controlCharactersInABodyNeverReachTheTable() {
    String key = LeakKeys.GATEWAY;
    server.answer(
        401,
        Map.of("content-type", "application/json"),
        "{\"error\":{\"message\":\"denied\\u001b[31m red\\u001b[0m\\u0007 \\u202eevil\\u202c \\u2066iso\\u2069"
            + " \\u001b]0;owned\\u0007 line\\nbreak \\u009b2J done\"}}");

    RuntimeException first = callOnce(engine(key, new Recorder()));
    RuntimeException second = callOnce(engine(key, new Recorder()));
    SelfHealingEngine both = engine(key, new Recorder());
    callOnce(both);
    String table = ((LifelineException) callOnce(both)).trace().toTable();
    String message = first.getMessage() + second.getMessage();

    assertThat(table).contains("denied red evil iso line break done");
    assertThat(message).contains("denied red evil iso line break done");
    for (String text : List.of(table.replace(System.lineSeparator(), ""), message)) {
      assertThat(text.chars())
          .noneMatch(
              c ->
                  c < 0x20
                      || (c >= 0x7F && c <= 0x9F)
                      || (c >= 0x202A && c <= 0x202E)
                      || (c >= 0x2066 && c <= 0x2069));
      assertThat(text).doesNotContain("[31m").doesNotContain("owned");
    }
  }

  private String shownByOneCall(String key) {
    return shown(key, 1);
  }

  private String shownByTwoCalls(String key) {
    return shown(key, 2);
  }

  /**
   * Everything the engine shows of {@code calls} failed calls: exceptions, traces, failures,
   * health, events, log.
   */
  private String shown(String key, int calls) {
    Recorder recorder = new Recorder();
    SelfHealingEngine engine = engine(key, recorder);
    StringBuilder shown = new StringBuilder();
    PrintStream original = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < calls; i++) {
        RuntimeException error = callOnce(engine);
        shown.append(error.getMessage()).append('\n').append(error).append('\n');
        if (error instanceof LifelineException lifeline) {
          shown.append(lifeline.trace()).append('\n').append(lifeline.trace().toTable());
          lifeline.lastFailure().ifPresent(failure -> shown.append(failure));
          for (Failure failure : lifeline.trace().failures()) {
            shown
                .append(failure)
                .append(failure.message())
                .append(failure.providerCode())
                .append(failure.headers());
          }
        }
      }
      shown.append(engine.health()).append(engine).append(engine.playbook());
    } finally {
      System.setErr(original);
    }
    return shown.append(recorder.events).append(log.toString(StandardCharsets.UTF_8)).toString();
  }

  private static RuntimeException callOnce(SelfHealingEngine engine) {
    try {
      engine.call(ChatRequest.of("hello"));
    } catch (RuntimeException e) {
      return e;
    }
    return fail("the call was expected to fail");
  }

  private SelfHealingEngine engine(String key, Recorder recorder) {
    return SelfHealingEngine.builder()
        .provider(provider(key), "m")
        .retryPolicy(RetryPolicy.none())
        .listener(recorder.listener())
        .build();
  }

  /** The wire format the key's shape belongs to. */
  private Provider provider(String key) {
    ApiKey apiKey = ApiKey.of(key);
    if (key.equals(LeakKeys.ANTHROPIC)) {
      return AnthropicProvider.builder()
          .name("anthropic")
          .baseUrl(server.root())
          .apiKey(apiKey)
          .build();
    }
    if (key.equals(LeakKeys.GEMINI)) {
      return GeminiProvider.builder().name("gemini").baseUrl(server.root()).apiKey(apiKey).build();
    }
    if (key.equals(LeakKeys.AZURE)) {
      return OpenAiProvider.azure(server.root()).name("azure").apiKey(apiKey).build();
    }
    return OpenAiProvider.openAi()
        .name("openai")
        .baseUrl(server.root().resolve("/v1"))
        .apiKey(apiKey)
        .build();
  }

  private static void assertNoPiece(String shown, String key) {
    String piece = LeakKeys.leakedPiece(shown, key);
    if (piece != null) {
      int at = shown.indexOf(piece);
      fail(
          "a piece of the key leaked: '"
              + piece
              + "' in ..."
              + shown.substring(Math.max(0, at - 80), Math.min(shown.length(), at + 80))
              + "...");
    }
  }

  /**
   * Every event the engine's listener got, with its arguments as text: what a logging listener
   * would print.
   */
  private static final class Recorder {
    final List<String> events = new CopyOnWriteArrayList<>();

    EngineListener listener() {
      return (EngineListener)
          Proxy.newProxyInstance(
              EngineListener.class.getClassLoader(),
              new Class<?>[] {EngineListener.class},
              (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                  return method.getName().equals("equals")
                      ? proxy == args[0]
                      : method.getName().equals("hashCode")
                          ? System.identityHashCode(proxy)
                          : "Recorder";
                }
                events.add(method.getName() + Arrays.deepToString(args));
                return null;
              });
    }
  }
}
