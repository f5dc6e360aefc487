package dev.lifeline.bench.load;

import dev.lifeline.SelfHealingEngine;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.openai.OpenAiProvider;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lifeline as a user would set it up for OpenAI: a {@link SelfHealingEngine} with one {@link
 * OpenAiProvider} pointed at the fake server and the default validators, called with {@code
 * call(request)}; streaming with {@code stream(request, onDelta).join()}.
 */
public final class LifelineContender implements Contender {

  private final SelfHealingEngine engine;
  private final ChatRequest request;

  /** An engine whose one deployment is {@link Prompt#MODEL} at {@code baseUrl}. */
  public LifelineContender(String baseUrl) {
    OpenAiProvider provider =
        OpenAiProvider.openAi().baseUrl(baseUrl + "/v1").apiKey(ApiKey.of(Prompt.API_KEY)).build();
    this.engine = SelfHealingEngine.builder().provider(provider, Prompt.MODEL).build();
    this.request = ChatRequest.builder().system(Prompt.SYSTEM).user(Prompt.USER).build();
  }

  @Override
  public String name() {
    return "lifeline";
  }

  @Override
  public String call() {
    return engine.call(request).text();
  }

  @Override
  public boolean streams() {
    return true;
  }

  @Override
  public String stream(Runnable firstDelta) {
    AtomicBoolean first = new AtomicBoolean(true);
    return engine.stream(
            request,
            delta -> {
              if (!delta.isEmpty() && first.compareAndSet(true, false)) {
                firstDelta.run();
              }
            })
        .join()
        .text();
  }

  @Override
  public void close() {
    engine.close();
  }
}
