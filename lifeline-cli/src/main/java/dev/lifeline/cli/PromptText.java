package dev.lifeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The prompt of {@code lifeline chat}: its words, the text of {@code @FILE}, or standard input for
 * {@code -}.
 */
final class PromptText {
  private PromptText() {}

  /**
   * The prompt {@code words} make: a single {@code -} reads {@code stdin}, a single {@code @FILE}
   * reads the file, anything else is the words joined with spaces.
   *
   * @throws IOException naming the file when it cannot be read, or when the text is empty
   */
  static String of(String[] words, InputStream stdin) throws IOException {
    String text;
    if (words.length == 1 && words[0].equals("-")) {
      text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } else if (words.length == 1 && words[0].startsWith("@") && words[0].length() > 1) {
      Path file = Path.of(words[0].substring(1));
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IOException("no such prompt file: " + file);
      } catch (IOException e) {
        throw new IOException("cannot read the prompt file " + file + ": " + e.getMessage());
      }
    } else {
      text = String.join(" ", words);
    }
    if (text.isBlank()) {
      throw new IOException("the prompt is empty");
    }
    return text;
  }
}
