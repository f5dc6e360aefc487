package dev.lifeline.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeline.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a configuration file (YAML, or JSON) into a {@link ConfigFile}, with errors that name the
 * line. Not API.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Reads {@code path}, resolving {@code ${VAR}} from {@code environment}.
   *
   * @throws ConfigException naming the file, line and column of the first problem
   */
  public static ConfigFile load(Path path, Function<String, String> environment) {
    return read(path, environment).file();
  }

  /**
   * Reads {@code path} as {@link #load} does, keeping where each key is written.
   *
   * @throws ConfigException naming the file, line and column of the first problem
   */
  public static LoadedConfig read(Path path, Function<String, String> environment) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(path + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read: " + e.getMessage(), e);
    }
    return parseLoaded(path.toString(), text, environment);
  }

  /** Parses {@code text}, read from {@code source} (named in errors). */
  public static ConfigFile parse(String source, String text, Function<String, String> environment) {
    return parseLoaded(source, text, environment).file();
  }

  /** Parses {@code text}, read from {@code source}, keeping where each key is written. */
  public static LoadedConfig parseLoaded(
      String source, String text, Function<String, String> environment) {
    JsonFactory factory = factoryFor(source, text);
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    try {
      KnownKeys.check(factory, text);
      ConfigFile config =
          mapper
              .readerFor(ConfigFile.class)
              .withAttribute(ConfigValues.ENVIRONMENT, environment)
              .readValue(text);
      if (config == null) {
        throw new ConfigException(source + ": the file is empty");
      }
      KeyLines lines = KeyLines.of(factory, text);
      try {
        config.validate();
      } catch (ConfigProblem problem) {
        throw new ConfigException(
            source + lines.at(problem.path()) + ": " + problem.getMessage(), problem);
      }
      return new LoadedConfig(source, config, lines);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + where(e.getLocation()) + ": " + describe(e), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static JsonFactory factoryFor(String source, String text) {
    String lower = source.toLowerCase(Locale.ROOT);
    boolean json =
        lower.endsWith(".json")
            || (!lower.endsWith(".yaml")
                && !lower.endsWith(".yml")
                && text.stripLeading().startsWith("{"));
    if (json) {
      return new JsonFactory();
    }
    return new YAMLFactory();
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds() == null
              ? ""
              : unknown.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", "));
      return "unknown key '"
          + unknown.getPropertyName()
          + "'"
          + (known.isEmpty() ? "" : "; expected one of " + known);
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      return e.getCause().getMessage();
    }
    if (e instanceof JsonMappingException mapping
        && mapping.getCause() instanceof IllegalArgumentException cause) {
      return cause.getMessage();
    }
    return e.getOriginalMessage();
  }
}
