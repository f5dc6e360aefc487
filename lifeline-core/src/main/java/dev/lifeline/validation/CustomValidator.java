package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator made from a function of yours: a test on the answer plus a reason, or a full
 * judgement of request and answer.
 *
 * <p>Your function must be thread-safe and fast; it runs on every answer. If it throws, the answer
 * passes (a broken check must not turn good answers into failures), the exception is logged, and
 * the verdict's reason says what happened. A judgement that returns null passes; one that returns a
 * verdict under another name is renamed to this validator's name, so traces stay consistent.
 */
final class CustomValidator implements ResponseValidator {

  private static final Logger LOG = LoggerFactory.getLogger(CustomValidator.class);

  private final String name;
  private final BiFunction<ChatRequest, ChatResponse, Verdict> judge;

  private CustomValidator(String name, BiFunction<ChatRequest, ChatResponse, Verdict> judge) {
    this.name = checkName(name);
    this.judge = Objects.requireNonNull(judge, "judge");
  }

  /**
   * A validator that passes the answers {@code ok} accepts and fails the rest with {@code reason}.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static CustomValidator of(String name, Predicate<ChatResponse> ok, String reason) {
    Objects.requireNonNull(ok, "ok");
    String why = Objects.requireNonNull(reason, "reason");
    String checked = checkName(name);
    return new CustomValidator(
        checked,
        (request, response) ->
            ok.test(response) ? Verdict.pass(checked) : Verdict.fail(checked, why));
  }

  /**
   * A validator that returns {@code judge}'s verdict on each request and answer.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static CustomValidator of(
      String name, BiFunction<ChatRequest, ChatResponse, Verdict> judge) {
    return new CustomValidator(name, judge);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Verdict validate(ChatRequest request, ChatResponse response) {
    Verdict verdict;
    try {
      verdict = judge.apply(request, response);
    } catch (RuntimeException e) {
      LOG.warn("custom validator {} threw; the answer passes it", name, e);
      return new Verdict(
          name, true, "the check threw " + e.getClass().getSimpleName() + "; failing open", 1);
    }
    if (verdict == null) {
      return Verdict.pass(name);
    }
    if (!verdict.validator().equals(name)) {
      return new Verdict(name, verdict.passed(), verdict.reason(), verdict.score());
    }
    return verdict;
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a validator's name must not be blank");
    }
    return name;
  }

  @Override
  public String toString() {
    return "CustomValidator[" + name + "]";
  }
}
