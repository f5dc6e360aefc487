package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public API of each library module, as its {@code module-info} exports it, is the list checked
 * in at {@code docs/api-surface.txt}: a new public type, or one gone, is a visible decision in a
 * diff. Run with {@code -Dlifeline.api.update=true} to rewrite the list after such a decision.
 */
class ApiSurfaceTest {
  static final List<String> LIBRARY_MODULES =
      List.of(
          "lifeline-core",
          "lifeline-store-sqlite",
          "lifeline-store-redis",
          "lifeline-semantic",
          "lifeline-langchain4j",
          "lifeline-testkit",
          "lifeline-spring-ai",
          "lifeline-micrometer",
          "lifeline-opentelemetry");
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path LIST = ROOT.resolve("docs/api-surface.txt");

  @Test
  void everyLibraryModuleHasAModuleDescriptor() throws IOException {
    for (String module : LIBRARY_MODULES) {
      assertThat(classes(module).resolve("module-info.class")).as(module).exists();
    }
  }

  @Test
  void thePublicTypesAreTheOnesListed() throws IOException {
    String actual = surface();
    if (Boolean.getBoolean("lifeline.api.update")) {
      Files.writeString(LIST, actual, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(LIST, StandardCharsets.UTF_8))
        .as(
            "docs/api-surface.txt; if the change is intended, rerun with -Dlifeline.api.update=true")
        .isEqualTo(actual);
  }

  private static String surface() throws IOException {
    StringBuilder out = new StringBuilder();
    out.append(
            "# The public API of Lifeline's library modules: the public types of the packages each\n")
        .append("# module-info exports to everyone. Checked by ApiSurfaceTest (lifeline-cli).\n");
    for (String module : LIBRARY_MODULES) {
      ModuleDescriptor descriptor = descriptor(module);
      Set<String> exported =
          descriptor.exports().stream()
              .filter(export -> !export.isQualified())
              .map(ModuleDescriptor.Exports::source)
              .collect(Collectors.toSet());
      List<ClassFiles.ClassFile> files = ClassFiles.under(classes(module)).toList();
      Set<String> publicNames =
          files.stream()
              .filter(ClassFiles.ClassFile::isPublic)
              .map(ClassFiles.ClassFile::name)
              .collect(Collectors.toSet());
      List<String> types = new ArrayList<>();
      for (ClassFiles.ClassFile file : files) {
        if (exported.contains(file.packageName()) && file.reachable(publicNames)) {
          types.add(file.name().replace('$', '.'));
        }
      }
      types.sort(null);
      out.append("\n## ")
          .append(module)
          .append(" (module ")
          .append(descriptor.name())
          .append(", ")
          .append(types.size())
          .append(" types)\n");
      types.forEach(type -> out.append(type).append('\n'));
    }
    return out.toString();
  }

  static Path classes(String module) {
    return ROOT.resolve(module).resolve("target/classes");
  }

  private static ModuleDescriptor descriptor(String module) throws IOException {
    try (InputStream in = Files.newInputStream(classes(module).resolve("module-info.class"))) {
      return ModuleDescriptor.read(in);
    }
  }
}
