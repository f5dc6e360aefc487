package dev.lifeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeline.failure.ErrorClassifier;
import dev.lifeline.model.Failure;
import dev.lifeline.model.ProviderType;
import dev.lifeline.model.RawResponse;
import dev.lifeline.model.Remedy;
import dev.lifeline.model.RemedyRule;
import dev.lifeline.model.RemedyTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lifeline classify}: what the engine would make of one HTTP answer from a provider. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Classifies one HTTP answer as the engine would.",
      "Prints one JSON object: {\"kind\", \"remedy\", \"then\", \"retryAfterMs\", \"status\","
          + " \"providerCode\", \"message\"}. Exit code 0 when classified, 2 for unusable input."
    })
final class ClassifyCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "NAME",
      description = "One of: ${COMPLETION-CANDIDATES}",
      converter = ProviderTypeConverter.class,
      completionCandidates = ProviderNames.class)
  ProviderType provider;

  @Option(
      names = "--status",
      required = true,
      paramLabel = "CODE",
      description = "The HTTP status code, 100 to 599.")
  int status;

  @Option(
      names = "--header",
      paramLabel = "'NAME: VALUE'",
      description = "A response header; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--body", paramLabel = "TEXT", description = "The response body.")
  String body;

  @Option(
      names = "--body-file",
      paramLabel = "FILE",
      description = "A file holding the response body.")
  Path bodyFile;

  @Override
  public Integer call() throws IOException {
    if (status < 100 || status > 599) {
      throw new ParameterException(
          spec.commandLine(), "--status must be in [100, 599], was " + status);
    }
    if (body != null && bodyFile != null) {
      throw new ParameterException(spec.commandLine(), "give --body or --body-file, not both");
    }
    String text = body;
    if (bodyFile != null) {
      if (!Files.isReadable(bodyFile)) {
        throw new ParameterException(spec.commandLine(), "cannot read --body-file " + bodyFile);
      }
      text = Files.readString(bodyFile, StandardCharsets.UTF_8);
    }
    RawResponse response = new RawResponse(status, parseHeaders(), text);
    Optional<Failure> failure = ErrorClassifier.forProvider(provider).classify(response);
    spec.commandLine().getOut().println(JSON.writeValueAsString(describe(failure, status)));
    return 0;
  }

  private Map<String, List<String>> parseHeaders() {
    Map<String, List<String>> parsed = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--header must look like 'Name: value', was '" + header + "'");
      }
      parsed
          .computeIfAbsent(header.substring(0, colon).strip(), name -> new ArrayList<>())
          .add(header.substring(colon + 1).strip());
    }
    return parsed;
  }

  /** Every key in every answer, in the order the help gives: a script can read them blindly. */
  private static ObjectNode describe(Optional<Failure> classified, int status) {
    ObjectNode node = JSON.createObjectNode();
    if (classified.isEmpty()) {
      node.putNull("kind");
      node.putNull("remedy");
      node.putNull("then");
      node.putNull("retryAfterMs");
      node.put("status", status);
      node.putNull("providerCode");
      node.put("message", "a successful answer: nothing to remedy");
      return node;
    }
    Failure failure = classified.get();
    RemedyRule rule = RemedyTable.defaults().ruleFor(failure.kind());
    Remedy first;
    Remedy then;
    if (failure.remedyHint() != null && failure.remedyHint() != Remedy.RETRY) {
      first = failure.remedyHint();
      then = failure.remedyHint();
    } else {
      boolean retries = rule.maxRetries() > 0 || failure.remedyHint() == Remedy.RETRY;
      first = retries ? Remedy.RETRY : rule.then();
      then = rule.then();
    }
    node.put("kind", failure.kind().name());
    node.put("remedy", first.name());
    node.put("then", then.name());
    if (failure.retryAfter() == null) {
      node.putNull("retryAfterMs");
    } else {
      node.put("retryAfterMs", failure.retryAfter().toMillis());
    }
    node.put("status", failure.status() == 0 ? status : failure.status());
    node.put("providerCode", failure.providerCode());
    node.put("message", failure.message());
    return node;
  }

  /** Parses provider names for picocli, with the list of valid names in the error. */
  static final class ProviderTypeConverter
      implements picocli.CommandLine.ITypeConverter<ProviderType> {
    @Override
    public ProviderType convert(String value) {
      try {
        return ProviderType.fromName(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** The valid provider names, for help and completion. */
  static final class ProviderNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(ProviderType.values()).map(ProviderType::wireName).iterator();
    }
  }
}
