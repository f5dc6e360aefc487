package dev.lifeline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The sampling settings of a {@link ChatRequest}, by name: what a wire format either carries or
 * leaves out, so that an adapter can say which of a request's settings it did not send.
 */
public enum SamplingSetting {
  /** {@link ChatRequest#temperature()}. */
  TEMPERATURE("temperature", ChatRequest::temperature),
  /** {@link ChatRequest#topP()}. */
  TOP_P("topP", ChatRequest::topP),
  /** {@link ChatRequest#topK()}. */
  TOP_K("topK", ChatRequest::topK),
  /** {@link ChatRequest#frequencyPenalty()}. */
  FREQUENCY_PENALTY("frequencyPenalty", ChatRequest::frequencyPenalty),
  /** {@link ChatRequest#presencePenalty()}. */
  PRESENCE_PENALTY("presencePenalty", ChatRequest::presencePenalty),
  /** {@link ChatRequest#seed()}. */
  SEED("seed", ChatRequest::seed);

  private final String settingName;
  private final Function<ChatRequest, Object> value;

  SamplingSetting(String settingName, Function<ChatRequest, Object> value) {
    this.settingName = settingName;
    this.value = value;
  }

  /** The name of the setting in {@link ChatRequest} and its builder ({@code "topP"}). */
  public String settingName() {
    return settingName;
  }

  /** This setting's value in {@code request}, or null when the request leaves it unset. */
  public Object valueIn(ChatRequest request) {
    return value.apply(request);
  }

  /**
   * The settings {@code request} sets that are not among {@code carried}, each with its value and
   * {@code why} it is not sent, in this enum's order. Empty when the wire format carries every
   * setting the request sets.
   */
  public static List<UnsentSetting> unsent(
      ChatRequest request, Set<SamplingSetting> carried, String why) {
    List<UnsentSetting> unsent = new ArrayList<>();
    for (SamplingSetting setting : values()) {
      Object set = setting.valueIn(request);
      if (set != null && !carried.contains(setting)) {
        unsent.add(new UnsentSetting(setting, set, why));
      }
    }
    return unsent;
  }
}
