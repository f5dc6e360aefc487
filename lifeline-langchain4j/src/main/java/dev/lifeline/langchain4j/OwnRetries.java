package dev.lifeline.langchain4j;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Refuses a wrapped model that retries by itself. LangChain4j's chat models keep their builder's
 * {@code maxRetries} in a field of that name (2 when unset, in every 1.x model that retries); a
 * model with retries left on would multiply the cascade's attempts and wait without Retry-After.
 * The field is read reflectively, since no model exposes it; a model without one (streaming models,
 * which do not retry) passes.
 */
final class OwnRetries {

  private static final String FIELD = "maxRetries";

  // Deeper than any real model hierarchy.
  private static final int MAX_DEPTH = 8;

  private OwnRetries() {}

  /**
   * Checks that {@code model} does not retry by itself.
   *
   * @param role how the builder names the model, for the message
   * @throws IllegalArgumentException if its {@code maxRetries} is above zero
   */
  static void requireNone(Object model, String role) {
    Integer retries = maxRetries(model);
    if (retries != null && retries > 0) {
      throw new IllegalArgumentException(
          role
              + " "
              + model.getClass().getSimpleName()
              + " retries by itself (maxRetries = "
              + retries
              + "; LangChain4j's default is 2): build it with maxRetries(0), so that Lifeline's"
              + " cascade owns every retry");
    }
  }

  /** The model's {@code maxRetries}, or null when it has none Lifeline can read. */
  static Integer maxRetries(Object model) {
    Class<?> type = model.getClass();
    for (int depth = 0; type != null && type != Object.class && depth < MAX_DEPTH; depth++) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getName().equals(FIELD)
            && !Modifier.isStatic(field.getModifiers())
            && (field.getType() == Integer.class || field.getType() == int.class)
            && field.trySetAccessible()) {
          try {
            return (Integer) field.get(model);
          } catch (IllegalAccessException unreadable) {
            return null;
          }
        }
      }
      type = type.getSuperclass();
    }
    return null;
  }
}
