package dev.lifeline;

import static dev.lifeline.FakeProvider.answer;
import static dev.lifeline.FakeProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.SamplingSetting;
import dev.lifeline.model.UnsentSetting;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderLadder;
import dev.lifeline.time.VirtualClock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A sampling setting a provider leaves out is noted in the call's trace, once per deployment
 * however many attempts went there, and never when the provider sends it.
 */
class UnsentSettingsTest {

  private final VirtualClock clock = new VirtualClock();
  private final FakeProvider openai = new FakeProvider("openai", clock);
  private final FakeProvider anthropic = new FakeProvider("anthropic", clock);

  private final ChatRequest sampled =
      ChatRequest.builder().user("Process this refund").temperature(0.3).topK(40).seed(7).build();

  private ChatResponse call(ChatRequest request) {
    try (SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(
                ProviderLadder.of(
                        new Carrying(
                            openai,
                            EnumSet.complementOf(EnumSet.of(SamplingSetting.TOP_K)),
                            "no top_k here"))
                    .model("gpt-4o", 128_000))
            .provider(
                ProviderLadder.of(new Carrying(anthropic, Set.of(), "no sampling here"))
                    .model("claude-sonnet-4", 200_000))
            .ticker(clock)
            .scheduler(clock)
            .random(new SplittableRandom(42))
            .deadline(Duration.ofSeconds(60))
            .build()) {
      CompletableFuture<ChatResponse> call = engine.callAsync(request);
      clock.runUntilIdle(Duration.ofHours(1));
      return call.join();
    }
  }

  @Test
  void eachDeploymentsOmissionsAreNotedOnceInTheTrace() {
    openai.script("gpt-4o", fail(ErrorKind.SERVER_ERROR));
    anthropic.script("claude-sonnet-4", answer("Refund approved"));

    ChatResponse response = call(sampled);

    assertThat(openai.calls()).as("retried before failing over").hasSizeGreaterThan(1);
    assertThat(response.trace().notes())
        .containsExactly(
            "openai/gpt-4o was sent without topK=40 (no top_k here)",
            "anthropic/claude-sonnet-4 was sent without temperature=0.3 (no sampling here)",
            "anthropic/claude-sonnet-4 was sent without topK=40 (no sampling here)",
            "anthropic/claude-sonnet-4 was sent without seed=7 (no sampling here)");
  }

  @Test
  void aRequestWithoutSamplingSettingsGetsNoNote() {
    anthropic.script("claude-sonnet-4", answer("Refund approved"));
    openai.script("gpt-4o", answer("Refund approved"));

    assertThat(call(ChatRequest.of("Process this refund")).trace().notes()).isEmpty();
  }

  /** A provider whose wire carries only {@code carried} of the sampling settings. */
  private record Carrying(Provider delegate, Set<SamplingSetting> carried, String why)
      implements Provider {

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      return delegate.send(request, model);
    }

    @Override
    public List<UnsentSetting> unsentSettings(ChatRequest request, String model) {
      return SamplingSetting.unsent(request, carried, why);
    }
  }
}
