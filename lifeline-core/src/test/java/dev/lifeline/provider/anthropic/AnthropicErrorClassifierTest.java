package dev.lifeline.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic classifier is the provider's rule table, and the two helpers it keeps for the
 * parsers give the failures those rows give.
 */
class AnthropicErrorClassifierTest {

  private static final String STOPPED =
      "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"The sum\"}],"
          + "\"stop_reason\":\"model_context_window_exceeded\"}";

  @Test
  void theParsersContextOverflowIsTheRowsFailure() {
    Failure row =
        AnthropicErrorClassifier.INSTANCE
            .classify(new RawResponse(200, Map.of(), STOPPED))
            .orElseThrow();
    Failure parsers = AnthropicErrorClassifier.contextWindowExceeded(200);

    assertThat(row.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED).isEqualTo(parsers.kind());
    assertThat(row.providerCode()).isEqualTo(parsers.providerCode());
    assertThat(row.message()).isEqualTo(parsers.message());
    assertThat(row.status()).isEqualTo(parsers.status());
  }

  @Test
  void itClassifiesAsTheProvidersClassifier() {
    RawResponse overloaded =
        new RawResponse(
            529,
            Map.of("request-id", List.of("req_1")),
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

    assertThat(AnthropicErrorClassifier.INSTANCE.classify(overloaded))
        .isEqualTo(ErrorClassifier.forProvider(ProviderType.ANTHROPIC).classify(overloaded));
    assertThat(AnthropicErrorClassifier.INSTANCE.classify(new RawResponse(200, Map.of(), STOPPED)))
        .isEqualTo(
            ErrorClassifier.forProvider(ProviderType.ANTHROPIC)
                .classify(new RawResponse(200, Map.of(), STOPPED)));
  }

  @Test
  void anUnreadableStreamErrorEventIsAServerError() {
    Failure failure = AnthropicErrorClassifier.INSTANCE.classifyStreamError("not json", Map.of());

    assertThat(failure.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(failure.message()).contains("unreadable error event");
  }
}
