package dev.lifeline.internal.config;

/**
 * A value of a configuration file found wrong after binding, with the path of the key that holds it
 * ({@code providers[0].models}), so that the loader can name its line. Not API.
 */
final class ConfigProblem extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;

  ConfigProblem(String path, String message) {
    super(message);
    this.path = path;
  }

  /** The path of the key at fault. */
  String path() {
    return path;
  }
}
