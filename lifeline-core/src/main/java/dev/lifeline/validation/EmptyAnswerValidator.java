package dev.lifeline.validation;

import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Verdict;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fails an answer with nothing in it; named {@value #NAME}.
 *
 * <p>An answer fails when:
 *
 * <ul>
 *   <li>its text is null, empty or only whitespace and it called no tools (LiteLLM #38199: a 200
 *       with empty content counted as success). An answer that is only tool calls passes: the tool
 *       calls are the answer, and every check below is skipped for it;
 *   <li>its text has fewer non-whitespace characters than the minimum length (default {@value
 *       #DEFAULT_MIN_LENGTH}: any visible character passes, since "42" and "No." are real answers;
 *       a caller that expects prose can ask for more, e.g. {@code minLength(20)});
 *   <li>its text is a placeholder rather than an answer: "N/A", "null", "undefined", "TODO", "TBD",
 *       "&lt;empty&gt;", "[insert answer here]", "Lorem ipsum dolor…", punctuation only ("...",
 *       "—"), or a lone {@code {}} or {@code []} (and {@code null}) when the request did not ask
 *       for JSON. Placeholders are matched on the whole answer, case-insensitive, ignoring
 *       surrounding quotes, backticks and emphasis marks; more can be added with {@link
 *       Builder#placeholder(String)}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class EmptyAnswerValidator implements ResponseValidator {

  /** The validator's name in verdicts and traces. */
  public static final String NAME = "empty";

  /** One visible character: short answers ("42", "No.") are answers; longer minimums are opt-in. */
  public static final int DEFAULT_MIN_LENGTH = 1;

  /** Placeholders a model or a broken template emits instead of an answer, lower-cased. */
  private static final Set<String> PLACEHOLDERS =
      Set.of(
          ("n/a|n.a.|undefined|todo|tbd|tbc|fixme|placeholder|<empty>|(empty)|[empty]|"
                  + "{empty}|empty response|no response|[no response]|<no response>|no answer|"
                  + "[no answer]|your answer here|answer here|insert answer here|[answer]|<answer>|"
                  + "{answer}|[response]|<response>|{response}|[placeholder]|<placeholder>")
              .split("\\|"));

  /**
   * Literals that are placeholders in a text answer but legitimate JSON when JSON was asked for.
   */
  private static final Set<String> JSON_LITERALS = Set.of("{}", "[]", "null", "{ }", "[ ]");

  /** A bracketed instruction left in a template: "[insert summary here]", "<your response>". */
  private static final Pattern BRACKETED_INSTRUCTION =
      Pattern.compile(
          "^[\\[<{(]\\s*(?:insert|your|add|put|enter|write|fill in)\\b[^\\]>})]{0,60}[\\]>})]$",
          Pattern.CASE_INSENSITIVE);

  /** The opening of filler text, matched on the answer's lower-cased core. */
  private static final String LOREM_IPSUM = "lorem ipsum dolor";

  /** The pass verdict, shared: verdicts are immutable. */
  private static final Verdict PASS = Verdict.pass(NAME);

  private static final EmptyAnswerValidator DEFAULT = builder().build();

  private final int minLength;
  private final Set<String> extraPlaceholders;

  /** The longest placeholder or JSON literal, in chars: a longer answer cannot equal one. */
  private final int longestPlaceholder;

  private EmptyAnswerValidator(Builder builder) {
    this.minLength = builder.minLength;
    this.extraPlaceholders = Set.copyOf(builder.extraPlaceholders);
    int longest = 0;
    for (Set<String> set : List.of(PLACEHOLDERS, JSON_LITERALS, extraPlaceholders)) {
      for (String placeholder : set) {
        longest = Math.max(longest, placeholder.length());
      }
    }
    this.longestPlaceholder = longest;
  }

  /**
   * The default validator: minimum length {@value #DEFAULT_MIN_LENGTH}, the built-in placeholders.
   */
  public static EmptyAnswerValidator create() {
    return DEFAULT;
  }

  /** A new builder, starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict validate(ChatRequest request, ChatResponse response) {
    if (!response.toolCalls().isEmpty()) {
      return PASS; // tool calls are the answer; any text beside them is a preamble
    }
    String text = response.text();
    if (text.isBlank()) {
      String tokens = response.usage().completionTokens() == 0 ? ", 0 completion tokens" : "";
      return Verdict.fail(
          NAME,
          "empty answer: no text and no tool calls (finish reason "
              + response.finishReason()
              + tokens
              + ")");
    }
    int visible = visibleUpTo(text, minLength);
    if (visible < minLength) {
      return Verdict.fail(
          NAME,
          "answer too short: " + visible + " visible characters, the minimum is " + minLength);
    }
    if (cannotBePlaceholder(text)) {
      return PASS; // the usual answer: decided without copying it
    }
    String core = core(text);
    if (isPlaceholder(core, request.responseFormat().wantsJson())) {
      return Verdict.fail(
          NAME, "the answer is a placeholder, not an answer: \"" + abbreviate(text.strip()) + "\"");
    }
    return PASS;
  }

  /**
   * The non-whitespace code points of {@code text}, counted exactly when fewer than {@code limit};
   * else {@code limit}, counting no further.
   */
  private static int visibleUpTo(String text, int limit) {
    int visible = 0;
    for (int i = 0; i < text.length() && visible < limit; ) {
      int cp = text.codePointAt(i);
      if (!Character.isWhitespace(cp)) {
        visible++;
      }
      i += Character.charCount(cp);
    }
    return visible;
  }

  /**
   * Whether {@link #isPlaceholder} is false for {@code text}'s core whatever the request, decided
   * on the text as it is: a core longer than every placeholder and JSON literal that opens with a
   * letter or digit (so neither punctuation only nor a bracketed instruction) and not with "lorem
   * ipsum dolor". Lower-casing never shortens a text, nor turns a letter into punctuation. False
   * means only that the full check must run.
   */
  private boolean cannotBePlaceholder(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isWrapper(text.charAt(start))) {
      start++;
    }
    while (end > start && isWrapper(text.charAt(end - 1))) {
      end--;
    }
    return end - start > longestPlaceholder
        && Character.isLetterOrDigit(text.codePointAt(start))
        && !text.regionMatches(true, start, LOREM_IPSUM, 0, LOREM_IPSUM.length());
  }

  private boolean isPlaceholder(String core, boolean jsonWanted) {
    if (JSON_LITERALS.contains(core)) {
      return !jsonWanted; // "{}" is an answer to a JSON request (the schema judges it), filler
      // otherwise
    }
    if (core.isEmpty() || isPunctuationOnly(core)) {
      return true; // only quotes, dots, dashes: "...", "—", "``"
    }
    if (PLACEHOLDERS.contains(core) || extraPlaceholders.contains(core)) {
      return true;
    }
    return core.startsWith(LOREM_IPSUM) || BRACKETED_INSTRUCTION.matcher(core).matches();
  }

  /** The answer lower-cased, without surrounding blanks, quotes, backticks and emphasis marks. */
  private static String core(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    int start = 0;
    int end = s.length();
    while (start < end && isWrapper(s.charAt(start))) {
      start++;
    }
    while (end > start && isWrapper(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end).strip();
  }

  private static boolean isWrapper(char c) {
    return c == '"'
        || c == '\''
        || c == '`'
        || c == '*'
        || c == '_'
        || c == '“'
        || c == '”'
        || Character.isWhitespace(c);
  }

  private static boolean isPunctuationOnly(String s) {
    return s.codePoints()
        .allMatch(
            cp -> {
              int type = Character.getType(cp);
              return Character.isWhitespace(cp)
                  || type == Character.DASH_PUNCTUATION
                  || type == Character.OTHER_PUNCTUATION
                  || type == Character.CONNECTOR_PUNCTUATION
                  || type == Character.START_PUNCTUATION
                  || type == Character.END_PUNCTUATION
                  || type == Character.INITIAL_QUOTE_PUNCTUATION
                  || type == Character.FINAL_QUOTE_PUNCTUATION;
            });
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  @Override
  public String toString() {
    return "EmptyAnswerValidator[minLength="
        + minLength
        + ", extraPlaceholders="
        + extraPlaceholders.size()
        + "]";
  }

  /**
   * Builds an {@link EmptyAnswerValidator}. Mutable and not thread-safe; the validator it builds is
   * immutable and thread-safe.
   */
  public static final class Builder {
    private int minLength = DEFAULT_MIN_LENGTH;
    private final Set<String> extraPlaceholders = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Sets the fewest non-whitespace characters an answer must have.
     *
     * @throws IllegalArgumentException if {@code minLength} is less than 1
     */
    public Builder minLength(int minLength) {
      if (minLength < 1) {
        throw new IllegalArgumentException("minLength must be >= 1, was " + minLength);
      }
      this.minLength = minLength;
      return this;
    }

    /**
     * Adds a placeholder of your own ("pending", "see attachment"), matched against the whole
     * answer, case-insensitive, ignoring surrounding blanks, quotes, backticks and emphasis marks.
     *
     * @throws IllegalArgumentException if {@code placeholder} is blank
     */
    public Builder placeholder(String placeholder) {
      Objects.requireNonNull(placeholder, "placeholder");
      String core = core(placeholder);
      if (core.isEmpty()) {
        throw new IllegalArgumentException(
            "placeholder must have visible characters, was \"" + placeholder + "\"");
      }
      extraPlaceholders.add(core);
      return this;
    }

    /** Builds the validator; the builder can be used again. */
    public EmptyAnswerValidator build() {
      return new EmptyAnswerValidator(this);
    }
  }
}
