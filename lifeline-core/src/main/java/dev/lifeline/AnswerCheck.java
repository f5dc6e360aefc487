package dev.lifeline;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.Verdict;
import dev.lifeline.validation.ResponseValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's validation: runs the validators on every answer, and keeps the best answer that failed
 * them, for best effort. Thread-safe. Not API.
 */
final class AnswerCheck {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerCheck.class);

  private final ChatRequest request;
  private final List<ResponseValidator> validators;
  private ChatResponse best; // guarded by this
  private long bestRank = Long.MIN_VALUE;

  AnswerCheck(ChatRequest request, List<ResponseValidator> validators) {
    this.request = request;
    this.validators = validators;
  }

  /** Every validator's verdict on {@code answer}; a validator that throws passes it, loudly. */
  List<Verdict> validate(ChatResponse answer) {
    List<Verdict> verdicts = new ArrayList<>(validators.size());
    for (ResponseValidator validator : validators) {
      try {
        Verdict verdict = validator.validate(request, answer);
        verdicts.add(verdict == null ? Verdict.pass(validator.name()) : verdict);
      } catch (Throwable e) { // even a StackOverflowError of a regex: a broken validator fails open
        LOG.warn("validator {} threw; the answer passes it", validator.name(), e);
        verdicts.add(Verdict.pass(validator.name()));
      }
    }
    return verdicts;
  }

  /** The failure the failed verdicts make, or null when all passed (allocating nothing then). */
  static Failure failureOf(List<Verdict> verdicts) {
    List<Verdict> failed = null;
    for (Verdict verdict : verdicts) {
      if (!verdict.passed()) {
        if (failed == null) {
          failed = new ArrayList<>();
        }
        failed.add(verdict);
      }
    }
    if (failed == null) {
      return null;
    }
    String reasons =
        failed.stream()
            .map(verdict -> verdict.validator() + ": " + verdict.reason())
            .collect(Collectors.joining("; "));
    return Failure.builder(ErrorKind.VALIDATION_FAILED)
        .status(200)
        .providerCode(failed.get(0).validator())
        .message(reasons)
        .build();
  }

  /**
   * Keeps {@code answer} if it failed the fewest validators so far, then if its scores are highest.
   */
  synchronized void keepIfBest(ChatResponse answer, List<Verdict> verdicts) {
    long failedCount = verdicts.stream().filter(verdict -> !verdict.passed()).count();
    double scores = verdicts.stream().mapToDouble(Verdict::score).sum();
    long rank = -failedCount * 1_000_000L + Math.round(scores * 1_000);
    if (best == null || rank > bestRank) {
      best = answer;
      bestRank = rank;
    }
  }

  /** The best answer that failed validation, or null. */
  synchronized ChatResponse best() {
    return best;
  }
}
