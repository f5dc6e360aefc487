package dev.lifeline.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys this module writes: the GenAI and general semantic conventions' where one
 * exists, {@code lifeline.*} for the cascade's own.
 */
final class GenAiAttributes {
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("lifeline.outcome");
  static final AttributeKey<String> DECISION = AttributeKey.stringKey("lifeline.decision");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("lifeline.reason");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("lifeline.attempts");
  static final AttributeKey<Long> ATTEMPT_NUMBER = AttributeKey.longKey("lifeline.attempt.number");
  static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("lifeline.deployment");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("lifeline.target");
  static final AttributeKey<Long> WAIT_MS = AttributeKey.longKey("lifeline.wait_ms");
  static final AttributeKey<String> PROVIDER_CODE =
      AttributeKey.stringKey("lifeline.provider_code");
  static final AttributeKey<String> VALIDATOR = AttributeKey.stringKey("lifeline.validator");
  static final AttributeKey<Long> LEARNED_MOVES = AttributeKey.longKey("lifeline.learned_moves");
  static final AttributeKey<Boolean> STREAMING = AttributeKey.booleanKey("lifeline.streaming");

  /** The one operation Lifeline performs. */
  static final String CHAT = "chat";

  private GenAiAttributes() {}
}
