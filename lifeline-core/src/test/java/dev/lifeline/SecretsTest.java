package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An API key set on the builder appears nowhere: no trace, exception, message or toString. */
class SecretsTest {

  // Deliberately not key-shaped, so only the engine's knowledge of the configured key can hide it.
  private static final String SECRET = "plain-secret-value-31337";

  @Test
  void aConfiguredKeyNeverAppearsInTracesExceptionsOrToString() {
    VirtualClock clock = new VirtualClock();
    ApiKey key = ApiKey.of(SECRET);
    // A provider that echoes the key back, as some do in 401 messages and as a careless adapter
    // might in headers.
    Failure echo =
        Failure.builder(ErrorKind.AUTHENTICATION)
            .status(401)
            .providerCode("invalid_api_key " + SECRET)
            .message("Incorrect API key provided: " + SECRET + ". You can find your key at ...")
            .headers(Map.of("x-echo", "key=" + SECRET, "authorization", "Bearer " + SECRET))
            .build();
    FakeProvider provider =
        new FakeProvider("openai", clock).withKey(key).script("gpt-4o", FakeProvider.fail(echo));
    FakeProvider other =
        new FakeProvider("other", clock)
            .script("m", FakeProvider.raise(new IllegalStateException("boom " + SECRET)));
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(ProviderLadder.of(provider).models("gpt-4o"))
            .provider(ProviderLadder.of(other).models("m"))
            .ticker(clock)
            .scheduler(clock)
            .build();

    var future = engine.callAsync(ChatRequest.of("hello"));
    clock.runUntilIdle(Duration.ofMinutes(5));
    AllAttemptsFailedException error =
        catchThrowableOfType(
            AllAttemptsFailedException.class,
            () -> {
              try {
                future.join();
              } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause();
              }
            });

    assertThat(error).isNotNull();
    assertThat(error.trace().failures()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(error.trace().failures().get(0).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    StringBuilder everything = new StringBuilder();
    everything
        .append(error.getMessage())
        .append(error)
        .append(error.trace())
        .append(error.trace().toTable());
    error
        .trace()
        .failures()
        .forEach(
            failure ->
                everything
                    .append(failure)
                    .append(failure.headers())
                    .append(failure.message())
                    .append(failure.providerCode()));
    everything.append(engine).append(key).append(provider.credentials());
    assertThat(everything.toString()).doesNotContain(SECRET).contains("[REDACTED]");
    assertThat(key.toString()).isEqualTo("ApiKey[given, redacted]");
  }

  @Test
  void keysFromTheEnvironmentNameTheVariableNotTheValue() {
    ApiKey key = ApiKey.fromEnv("OPENAI_API_KEY", name -> SECRET);

    assertThat(key.reveal()).isEqualTo(SECRET);
    assertThat(key.toString()).contains("$OPENAI_API_KEY").doesNotContain(SECRET);
    assertThat(
            catchThrowableOfType(
                IllegalStateException.class, () -> ApiKey.fromEnv("MISSING_KEY", name -> null)))
        .hasMessageContaining("MISSING_KEY");
  }
}
