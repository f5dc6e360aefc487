package dev.lifeline.bench.load;

import java.util.List;

/** The contenders by name: the names {@code --contenders} accepts, and a factory for each. */
final class Contenders {

  /** Every contender, the baseline first. */
  static final List<String> NAMES = List.of("bare-jdk", "lifeline", "langchain4j", "openai-java");

  /** The baseline that ratios are computed against. */
  static final String BASELINE = "bare-jdk";

  private Contenders() {}

  /**
   * A new client named {@code name} for the server at {@code baseUrl}.
   *
   * @throws IllegalArgumentException if the name is not one of {@link #NAMES}
   */
  static Contender create(String name, String baseUrl) {
    return switch (name) {
      case "bare-jdk" -> new BareJdkContender(baseUrl);
      case "lifeline" -> new LifelineContender(baseUrl);
      case "langchain4j" -> new LangChain4jContender(baseUrl);
      case "openai-java" -> new OpenAiJavaContender(baseUrl);
      default ->
          throw new IllegalArgumentException(
              "unknown contender '" + name + "'; allowed: " + String.join(", ", NAMES));
    };
  }
}
