package dev.lifeline.provider;

import dev.lifeline.internal.http.HttpProviderBuilder;

/**
 * What the shared tests of the HTTP adapters ({@link HttpAdapterContractTest}, {@link
 * CorpusErrorsTest}) need to know of one wire format: its builder, key and model, and the bodies
 * and stream frames of its answers.
 */
public interface HttpAdapterFixture {

  /** A key that looks like this service's. */
  ApiKey key();

  /** A model a call may name. */
  String model();

  /** A new builder of the adapter, with its defaults. */
  HttpProviderBuilder<?, ?> builder();

  /** The provider's name unless another is set. */
  String defaultName();

  /** The base URL unless another is set. */
  java.net.URI defaultBaseUrl();

  /** The class of the adapter's classifier. */
  Class<?> classifierType();

  /** An extra header the service knows ({@code anthropic-beta}, {@code x-goog-user-project}). */
  String extraHeader();

  /** The header the key goes in, in another case than the adapter writes it. */
  String keyHeader();

  /** A plain-http URL of the service's real host, which the builder must refuse. */
  String insecureBaseUrl();

  /** A whole 2xx answer whose text is {@code text}. */
  String answer(String text);

  /** The first frames of a 2xx stream, up to and including a first delta of {@code text}. */
  String streamStart(String text);

  /** One more frame with a delta of {@code text}. */
  String streamText(String text);

  /** A last delta of {@code text} and the end of the stream. */
  String streamEnd(String text);

  /** A frame the stream may repeat while the model thinks, carrying no text. */
  String keepAlive();

  /** The status of an authentication failure whose message echoes the key. */
  int keyEchoStatus();

  /** The body of that failure, echoing {@code key}. */
  String keyEchoBody(String key);

  /** The service's name in the provider corpus ({@code corpus/errors.json}). */
  String corpusProvider();

  /** The resource with this adapter's own error samples. */
  String ownErrors();

  /** How many corpus samples there are at least: a much smaller count means a file went missing. */
  int minimumSamples();
}
