package dev.lifeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rewritten OpenAI spec still rejects what the spec rejects, so a clean conformance run means
 * something: nullable fields take null and nothing else, refs resolve, recursion works.
 */
class OpenApiSchemasTest {

  private static OpenApiSchemas spec;

  @BeforeAll
  static void load() {
    spec = OpenAiSpec.schemas();
  }

  private static JsonNode json(String text) {
    return TestClient.parse(text);
  }

  @Test
  void aMinimalRequestConforms() {
    assertThat(
            spec.errors(
                "CreateChatCompletionRequest",
                json(
                    "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")))
        .isEmpty();
  }

  @Test
  void aMissingRequiredFieldAndAnUnknownRoleAreReported() {
    assertThat(spec.errors("CreateChatCompletionRequest", json("{\"model\":\"gpt-4o\"}")))
        .anySatisfy(error -> assertThat(error).contains("messages"));
    assertThat(
            spec.errors(
                "CreateChatCompletionRequest",
                json(
                    "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}")))
        .isNotEmpty();
  }

  @Test
  void nullableBecomesNullOrTheType() {
    String base = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],";

    assertThat(
            spec.errors(
                "CreateChatCompletionRequest", json(base + "\"max_completion_tokens\":null}")))
        .isEmpty();
    assertThat(
            spec.errors(
                "CreateChatCompletionRequest", json(base + "\"max_completion_tokens\":\"x\"}")))
        .isNotEmpty();
  }

  @Test
  void errorCodeIsAStringOrNull() {
    String error = "{\"error\":{\"message\":\"m\",\"type\":\"t\",\"param\":null,\"code\":%s}}";

    assertThat(spec.errors("ErrorResponse", json(error.formatted("null")))).isEmpty();
    assertThat(spec.errors("ErrorResponse", json(error.formatted("\"x\"")))).isEmpty();
    assertThat(spec.errors("ErrorResponse", json(error.formatted("524")))).isNotEmpty();
  }

  @Test
  void recursiveFiltersResolveToTheirOwnComponent() {
    String leaf = "{\"type\":\"eq\",\"key\":\"k\",\"value\":\"v\"}";

    assertThat(
            spec.errors(
                "CompoundFilter",
                json(
                    "{\"type\":\"and\",\"filters\":["
                        + leaf
                        + ",{\"type\":\"or\",\"filters\":["
                        + leaf
                        + "]}]}")))
        .isEmpty();
    assertThat(
            spec.errors(
                "CompoundFilter",
                json("{\"type\":\"and\",\"filters\":[{\"type\":\"or\",\"filters\":[7]}]}")))
        .isNotEmpty();
  }

  @Test
  void deprecatedFieldsAreNamedThroughAllOfAndNullable() {
    JsonNode body =
        json(
            "{\"model\":\"gpt-4o\",\"messages\":[],\"max_tokens\":5,\"seed\":1,"
                + "\"functions\":[],\"max_completion_tokens\":5}");

    assertThat(spec.deprecatedFields("CreateChatCompletionRequest", body))
        .containsExactlyInAnyOrder("max_tokens", "seed", "functions");
  }

  @Test
  void anUnknownSchemaIsRefusedByName() {
    assertThatThrownBy(() -> spec.errors("NoSuchThing", json("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NoSuchThing");
  }
}
