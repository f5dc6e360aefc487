package dev.lifeline.cli;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what the API-surface and package-cycle checks need from compiled classes — whether a class
 * is public, and which Lifeline packages it names — straight from the class files, so that nothing
 * is loaded and the checks see exactly what javac wrote.
 */
final class ClassFiles {
  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_SYNTHETIC = 0x1000;
  private static final Pattern LIFELINE_TYPE =
      Pattern.compile("dev/lifeline/((?:[a-z0-9_]+/)*)[A-Z]");

  private ClassFiles() {}

  /**
   * One compiled class: its binary name, package, whether its file says public, the packages it
   * names.
   */
  record ClassFile(String name, String packageName, boolean isPublic, Set<String> packagesNamed) {

    /** Whether this class and every class it is nested in are public: a type a user can name. */
    boolean reachable(Set<String> publicNames) {
      if (!isPublic || name.matches(".*\\$\\d.*")) {
        return false;
      }
      String outer = name;
      while (outer.contains("$")) {
        outer = outer.substring(0, outer.lastIndexOf('$'));
        if (!publicNames.contains(outer)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Every class file below {@code classes} (a module's {@code target/classes}), module-info
   * excepted.
   */
  static Stream<ClassFile> under(Path classes) {
    try {
      return Files.walk(classes)
          .filter(path -> path.toString().endsWith(".class"))
          .filter(path -> !path.getFileName().toString().equals("module-info.class"))
          .map(path -> read(classes, path))
          .filter(file -> file != null)
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassFile read(Path root, Path path) {
    String relative = root.relativize(path).toString().replace('\\', '/');
    String binary = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
    String pkg = binary.contains(".") ? binary.substring(0, binary.lastIndexOf('.')) : "";
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(path)))) {
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      Set<String> named = new TreeSet<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> {
            Matcher types = LIFELINE_TYPE.matcher(in.readUTF());
            while (types.find()) {
              String folder = types.group(1);
              named.add(("dev/lifeline/" + folder).replaceAll("/$", "").replace('/', '.'));
            }
          }
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // longs and doubles take two slots
          }
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant tag " + tag + " in " + path);
        }
      }
      int access = in.readUnsignedShort();
      if ((access & ACC_SYNTHETIC) != 0) {
        return null;
      }
      named.remove(pkg);
      return new ClassFile(binary, pkg, (access & ACC_PUBLIC) != 0, named);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
