package dev.lifeline.model;

import java.util.Objects;

/**
 * A sampling setting a provider left out of a request because its wire format has no field for it:
 * which setting, the value the request asked for, and why. The engine notes each one in the call's
 * {@linkplain CallTrace#notes() trace}, as {@link #toString()} spells it.
 *
 * @param setting the setting left out
 * @param value the request's value of it
 * @param reason why the wire format does not carry it ("Chat Completions has no top_k")
 */
public record UnsentSetting(SamplingSetting setting, Object value, String reason) {

  /** Checks that every part is present. */
  public UnsentSetting {
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(reason, "reason");
  }

  /** The setting, its value and the reason: {@code "topK=40 (Chat Completions has no top_k)"}. */
  @Override
  public String toString() {
    return setting.settingName() + "=" + value + " (" + reason + ")";
  }
}
