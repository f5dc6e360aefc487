package dev.lifeline.provider.gemini;

import dev.lifeline.internal.http.HttpProviderBuilder;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.HttpAdapterFixture;
import java.net.URI;

/** Google's Gemini wire, for the tests every HTTP adapter shares. */
public final class GeminiFixture implements HttpAdapterFixture {

  private static final ApiKey KEY = ApiKey.of("AIzaSyD-SECRETSECRETSECRETSECRET0123456");

  @Override
  public ApiKey key() {
    return KEY;
  }

  @Override
  public String model() {
    return "gemini-2.5-flash";
  }

  @Override
  public HttpProviderBuilder<?, ?> builder() {
    return GeminiProvider.builder();
  }

  @Override
  public String defaultName() {
    return "gemini";
  }

  @Override
  public URI defaultBaseUrl() {
    return GeminiProvider.DEFAULT_BASE_URL;
  }

  @Override
  public Class<?> classifierType() {
    return GeminiErrorClassifier.class;
  }

  @Override
  public String extraHeader() {
    return "x-goog-user-project";
  }

  @Override
  public String keyHeader() {
    return "X-Goog-Api-Key";
  }

  @Override
  public String insecureBaseUrl() {
    return "http://generativelanguage.googleapis.com";
  }

  @Override
  public String answer(String text) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}]}}]}";
  }

  @Override
  public String streamStart(String text) {
    return GeminiStreamTest.chunk(text);
  }

  @Override
  public String streamText(String text) {
    return GeminiStreamTest.chunk(text);
  }

  @Override
  public String streamEnd(String text) {
    return GeminiStreamTest.last(text, "STOP");
  }

  @Override
  public String keepAlive() {
    return ": keep-alive\n\n";
  }

  @Override
  public int keyEchoStatus() {
    return 400;
  }

  @Override
  public String keyEchoBody(String key) {
    return "{\"error\":{\"code\":400,\"message\":\"API key not valid: "
        + key
        + "\",\"status\":\"INVALID_ARGUMENT\"}}";
  }

  @Override
  public String corpusProvider() {
    return "gemini";
  }

  @Override
  public String ownErrors() {
    return "/gemini/errors.json";
  }

  @Override
  public int minimumSamples() {
    return 25; // errors.json has 4, errors-extra.json 16, ours more
  }

  @Override
  public String toString() {
    return "gemini";
  }
}
