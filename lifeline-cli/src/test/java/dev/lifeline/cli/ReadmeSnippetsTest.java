package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of the README compiles as written, against the modules' real classes; those
 * over the testkit's fake servers also run. A newcomer copies these first: a snippet that does not
 * compile is a broken promise.
 */
class ReadmeSnippetsTest {

  private static final Path README = Path.of("..", "README.md");

  @TempDir Path dir;

  /** The README's ```java blocks, in order. */
  static List<String> snippets() throws IOException {
    List<String> snippets = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(README)) {
      if (current == null && line.strip().equals("```java")) {
        current = new StringBuilder();
      } else if (current != null && line.strip().equals("```")) {
        snippets.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return snippets;
  }

  /**
   * A snippet as a class: its imports on top, the rest as the body of {@code static void run()}.
   */
  private static String asClass(String name, String snippet) {
    String imports =
        snippet
            .lines()
            .filter(line -> line.startsWith("import "))
            .collect(Collectors.joining("\n"));
    String body =
        snippet
            .lines()
            .filter(line -> !line.startsWith("import "))
            .collect(Collectors.joining("\n"));
    return imports
        + "\n\npublic class "
        + name
        + " {\n  public static void run() throws Exception {\n"
        + body
        + "\n  }\n}\n";
  }

  @Test
  void everyJavaSnippetCompilesAndTheTestkitOnesRun() throws Exception {
    List<String> snippets = snippets();
    assertThat(snippets).as("the README's Java snippets").hasSizeGreaterThanOrEqualTo(3);
    List<Path> sources = new ArrayList<>();
    List<Integer> testkitSnippets = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      Path source = dir.resolve("Snippet" + i + ".java");
      Files.writeString(source, asClass("Snippet" + i, snippets.get(i)));
      sources.add(source);
      if (snippets.get(i).contains("FakeLlmServer")) {
        testkitSnippets.add(i);
      }
    }

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      boolean compiled =
          compiler
              .getTask(
                  errors,
                  files,
                  null,
                  List.of("-classpath", classPath, "-d", dir.toString(), "-proc:none"),
                  null,
                  units)
              .call();
      assertThat(compiled).as("the README's snippets compile:\n" + errors).isTrue();
    }

    assertThat(testkitSnippets).as("the snippets over the testkit").isNotEmpty();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      for (int snippet : testkitSnippets) {
        Method run = loader.loadClass("Snippet" + snippet).getMethod("run");
        run.invoke(null); // throws if the call failed
      }
    }
  }
}
