package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;

/**
 * Judges a 200-OK answer: the SPI behind refusal, empty-answer, truncation, JSON and relevance
 * checks.
 *
 * <p>A failed verdict is treated like a provider error of kind {@code VALIDATION_FAILED}: the
 * cascade degrades or fails over. Implementations must be thread-safe, fast (they run on every
 * answer) and must not throw; a validator that throws is recorded as failing open (the answer
 * passes) and logged.
 */
public interface ResponseValidator {

  /** A short stable name, used in verdicts and traces ("refusal"). */
  String name();

  /** Judges {@code response}, given the {@code request} it answers. */
  Verdict validate(ChatRequest request, ChatResponse response);
}
