package dev.lifeline.config;

/**
 * A configuration file that cannot be used: unreadable, malformed, an unknown key, a bad value or a
 * missing environment variable. The message names the file and, where it can, the line and column.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming where the problem is. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An exception with a message naming where the problem is. */
  public ConfigException(String message) {
    super(message);
  }
}
