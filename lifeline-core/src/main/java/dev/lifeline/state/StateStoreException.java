package dev.lifeline.state;

/**
 * A state store could not read or write: a locked or corrupt file, a lost connection, a bad schema.
 */
public class StateStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what failed and where. */
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An exception with a message that says what failed and where. */
  public StateStoreException(String message) {
    super(message);
  }
}
