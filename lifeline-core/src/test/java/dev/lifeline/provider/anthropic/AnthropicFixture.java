package dev.lifeline.provider.anthropic;

import dev.lifeline.internal.http.HttpProviderBuilder;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.HttpAdapterFixture;
import java.net.URI;

/** Anthropic's Messages wire, for the tests every HTTP adapter shares. */
public final class AnthropicFixture implements HttpAdapterFixture {

  private static final ApiKey KEY = ApiKey.of("sk-ant-api03-SECRETSECRETSECRETSECRET0123");

  @Override
  public ApiKey key() {
    return KEY;
  }

  @Override
  public String model() {
    return "claude-sonnet-4-20250514";
  }

  @Override
  public HttpProviderBuilder<?, ?> builder() {
    return AnthropicProvider.builder();
  }

  @Override
  public String defaultName() {
    return "anthropic";
  }

  @Override
  public URI defaultBaseUrl() {
    return AnthropicProvider.DEFAULT_BASE_URL;
  }

  @Override
  public Class<?> classifierType() {
    return AnthropicErrorClassifier.class;
  }

  @Override
  public String extraHeader() {
    return "anthropic-beta";
  }

  @Override
  public String keyHeader() {
    return "X-Api-Key";
  }

  @Override
  public String insecureBaseUrl() {
    return "http://api.anthropic.com";
  }

  @Override
  public String answer(String text) {
    return "{\"content\":[{\"type\":\"text\",\"text\":\""
        + text
        + "\"}],\"stop_reason\":\"end_turn\"}";
  }

  @Override
  public String streamStart(String text) {
    return AnthropicStreamTest.MESSAGE_START
        + AnthropicStreamTest.TEXT_START
        + AnthropicStreamTest.textDelta(text);
  }

  @Override
  public String streamText(String text) {
    return AnthropicStreamTest.textDelta(text);
  }

  @Override
  public String streamEnd(String text) {
    return AnthropicStreamTest.textDelta(text) + AnthropicStreamTest.MESSAGE_STOP;
  }

  @Override
  public String keepAlive() {
    return AnthropicStreamTest.PING;
  }

  @Override
  public int keyEchoStatus() {
    return 401;
  }

  @Override
  public String keyEchoBody(String key) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
        + "\"message\":\"invalid x-api-key: "
        + key
        + "\"}}";
  }

  @Override
  public String corpusProvider() {
    return "anthropic";
  }

  @Override
  public String ownErrors() {
    return "/anthropic/errors.json";
  }

  @Override
  public int minimumSamples() {
    return 20; // errors.json has 7, errors-extra.json 10, ours more
  }

  @Override
  public String toString() {
    return "anthropic";
  }
}
