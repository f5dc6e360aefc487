package dev.lifeline.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schema library is optional: with {@code com.networknt} hidden from the class loader,
 * Lifeline's validators still load, JSON mode still works, and a schema request fails with a reason
 * that names the artifact, never with {@code NoClassDefFoundError}.
 */
class WithoutSchemaLibraryTest {

  /** Defines Lifeline's classes afresh and refuses every class of the optional schema library. */
  static final class HidingClassLoader extends ClassLoader {
    HidingClassLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("com.networknt.")) {
          throw new ClassNotFoundException(name + " (hidden by the test)");
        }
        if (!name.startsWith("dev.lifeline.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try (InputStream in =
              getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }

  private final ClassLoader loader = new HidingClassLoader(getClass().getClassLoader());

  private Object call(Object target, String method, Object... args) throws Exception {
    for (var m : target.getClass().getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        return m.invoke(target, args);
      }
    }
    throw new NoSuchMethodException(method);
  }

  private Object verdict(String format, String answer) throws Exception {
    Class<?> formats = loader.loadClass("dev.lifeline.model.ResponseFormat");
    Object responseFormat =
        format.equals("schema")
            ? formats
                .getMethod("jsonSchema", String.class, String.class)
                .invoke(null, "refund", JsonValidatorTest.REFUND_SCHEMA)
            : formats.getMethod("json").invoke(null);
    Object requestBuilder =
        loader.loadClass("dev.lifeline.model.ChatRequest").getMethod("builder").invoke(null);
    call(requestBuilder, "user", "Process this refund");
    call(requestBuilder, "responseFormat", responseFormat);
    Object request = call(requestBuilder, "build");
    Object responseBuilder =
        loader.loadClass("dev.lifeline.model.ChatResponse").getMethod("builder").invoke(null);
    call(responseBuilder, "text", answer);
    Object response = call(responseBuilder, "build");
    Object json =
        loader.loadClass("dev.lifeline.validation.Validators").getMethod("json").invoke(null);
    return call(json, "validate", request, response);
  }

  @Test
  void theLibraryIsReallyHidden() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> loader.loadClass("com.networknt.schema.JsonSchemaFactory"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theDefaultsLoadWithoutIt() throws Exception {
    List<?> defaults =
        (List<?>)
            loader
                .loadClass("dev.lifeline.validation.Validators")
                .getMethod("defaults")
                .invoke(null);

    assertThat(defaults).hasSize(4);
  }

  @Test
  void aSchemaRequestFailsNamingTheArtifact() throws Exception {
    Object verdict = verdict("schema", "{\"refund_id\": \"r-1\", \"amount\": 1}");

    assertThat(call(verdict, "passed")).isEqualTo(false);
    assertThat((String) call(verdict, "reason"))
        .contains("com.networknt:json-schema-validator")
        .contains("optional dependency of lifeline-core");
  }

  @Test
  void jsonModeStillWorks() throws Exception {
    assertThat(call(verdict("json", "{\"a\": 1}"), "passed")).isEqualTo(true);
    assertThat(call(verdict("json", "not json"), "passed")).isEqualTo(false);
  }
}
