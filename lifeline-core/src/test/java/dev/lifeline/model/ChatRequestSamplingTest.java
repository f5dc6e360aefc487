package dev.lifeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sampling settings of a request: their ranges, their copies, and what a wire leaves out. */
class ChatRequestSamplingTest {

  private static ChatRequest.Builder request() {
    return ChatRequest.builder().user("hi");
  }

  @Test
  void everySettingIsKeptAndCopiedByToBuilder() {
    ChatRequest request =
        request().topP(0.9).topK(40).frequencyPenalty(-0.5).presencePenalty(2).seed(-7).build();

    assertThat(request.topP()).isEqualTo(0.9);
    assertThat(request.topK()).isEqualTo(40);
    assertThat(request.frequencyPenalty()).isEqualTo(-0.5);
    assertThat(request.presencePenalty()).isEqualTo(2.0);
    assertThat(request.seed()).isEqualTo(-7);
    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(ChatRequest.of("hi").topP()).as("unset is null: the provider's default").isNull();
  }

  @Test
  void theBoundsThemselvesAreAllowed() {
    ChatRequest request = request().topP(1).topK(1).frequencyPenalty(-2).presencePenalty(2).build();

    assertThat(request.topP()).isEqualTo(1.0);
  }

  @Test
  void eachSetterNamesTheSettingItsRangeAndTheValue() {
    assertThatThrownBy(() -> request().topP(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topP must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> request().topP(1.01)).hasMessage("topP must be in (0, 1], was 1.01");
    assertThatThrownBy(() -> request().topP(Double.NaN))
        .hasMessage("topP must be in (0, 1], was NaN");
    assertThatThrownBy(() -> request().topK(0)).hasMessage("topK must be >= 1, was 0");
    assertThatThrownBy(() -> request().frequencyPenalty(-2.5))
        .hasMessage("frequencyPenalty must be in [-2, 2], was -2.5");
    assertThatThrownBy(() -> request().presencePenalty(2.01))
        .hasMessage("presencePenalty must be in [-2, 2], was 2.01");
  }

  @Test
  void theRecordsConstructorChecksTheSameRanges() {
    List<Message> hi = List.of(Message.user("hi"));

    assertThatThrownBy(
            () -> new ChatRequest(hi, null, null, null, null, null, 0.0, null, null, null, null))
        .hasMessage("topP must be in (0, 1], was 0.0");
    assertThatThrownBy(
            () -> new ChatRequest(hi, null, null, null, null, null, null, -1, null, null, null))
        .hasMessage("topK must be >= 1, was -1");
    assertThatThrownBy(
            () -> new ChatRequest(hi, null, null, null, null, null, null, null, 3.0, null, null))
        .hasMessage("frequencyPenalty must be in [-2, 2], was 3.0");
    assertThatThrownBy(
            () -> new ChatRequest(hi, null, null, null, null, null, null, null, null, -3.0, null))
        .hasMessage("presencePenalty must be in [-2, 2], was -3.0");
  }

  @Test
  void unsentListsTheSetSettingsAWireDoesNotCarryInOrder() {
    ChatRequest request = request().temperature(0.2).topK(5).seed(3).presencePenalty(1).build();
    Set<SamplingSetting> chatCompletions = EnumSet.complementOf(EnumSet.of(SamplingSetting.TOP_K));

    assertThat(SamplingSetting.unsent(request, chatCompletions, "no top_k"))
        .containsExactly(new UnsentSetting(SamplingSetting.TOP_K, 5, "no top_k"));
    assertThat(SamplingSetting.unsent(request, Set.of(), "none"))
        .extracting(UnsentSetting::toString)
        .containsExactly(
            "temperature=0.2 (none)",
            "topK=5 (none)",
            "presencePenalty=1.0 (none)",
            "seed=3 (none)");
    assertThat(SamplingSetting.unsent(ChatRequest.of("hi"), Set.of(), "none")).isEmpty();
  }
}
