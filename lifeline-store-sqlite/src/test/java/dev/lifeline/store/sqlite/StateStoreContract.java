package dev.lifeline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.state.StateStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link StateStore} must do; each implementation runs it through a subclass. */
abstract class StateStoreContract {

  @TempDir Path dir;
  StateStore store;

  /** A new, empty store; it may keep its files in {@code dir}. */
  abstract StateStore newStore(Path dir);

  @BeforeEach
  void openStore() {
    store = newStore(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void anAbsentKeyHasNoValue() {
    assertThat(store.get("playbook", "missing")).isEmpty();
    assertThat(store.all("playbook")).isEmpty();
  }

  @Test
  void aValueIsReadBackExactly() {
    String json = "{\"signature\":\"rate_limit|openai\",\"note\":\"ünïcødé ✓ \\\"quoted\\\"\\n\"}";
    store.put("playbook", "k1", json);
    assertThat(store.get("playbook", "k1")).contains(json);
  }

  @Test
  void aSecondPutReplacesTheFirst() {
    store.put("health", "openai/gpt-4o", "{\"v\":1}");
    store.put("health", "openai/gpt-4o", "{\"v\":2}");
    assertThat(store.get("health", "openai/gpt-4o")).contains("{\"v\":2}");
    assertThat(store.all("health")).containsExactly(Map.entry("openai/gpt-4o", "{\"v\":2}"));
  }

  @Test
  void namespacesAreSeparate() {
    store.put("a", "k", "1");
    store.put("b", "k", "2");
    assertThat(store.get("a", "k")).contains("1");
    assertThat(store.all("b")).containsExactly(Map.entry("k", "2"));
  }

  @Test
  void allReturnsEveryKeyOfTheNamespaceAsASnapshot() {
    store.put("n", "x", "1");
    store.put("n", "y", "2");
    Map<String, String> all = store.all("n");
    store.put("n", "z", "3");
    assertThat(all).containsOnly(Map.entry("x", "1"), Map.entry("y", "2"));
    assertThatThrownBy(() -> all.put("w", "4")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void removeDeletesOneKeyAndIgnoresAnAbsentOne() {
    store.put("n", "x", "1");
    store.put("n", "y", "2");
    store.remove("n", "x");
    store.remove("n", "never-there");
    store.remove("no-such-namespace", "x");
    assertThat(store.get("n", "x")).isEmpty();
    assertThat(store.all("n")).containsOnly(Map.entry("y", "2"));
  }

  @Test
  void clearEmptiesOneNamespaceOnly() {
    store.put("n", "x", "1");
    store.put("m", "x", "2");
    store.clear("n");
    store.clear("no-such-namespace");
    assertThat(store.all("n")).isEmpty();
    assertThat(store.get("m", "x")).contains("2");
  }

  @Test
  void emptyNamesAndLargeValuesAreKept() {
    String large = "\"" + "x".repeat(1_000_000) + "\"";
    store.put("", "", "{}");
    store.put("n", "big", large);
    assertThat(store.get("", "")).contains("{}");
    assertThat(store.get("n", "big")).contains(large);
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    store.put("n", "k", "{}");
    assertThatThrownBy(() -> store.get(null, "k")).hasMessageContaining("namespace");
    assertThatThrownBy(() -> store.get("n", null)).hasMessageContaining("key");
    assertThatThrownBy(() -> store.put("n", "k", null)).hasMessageContaining("value");
    assertThatThrownBy(() -> store.all(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.remove("n", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.clear(null)).isInstanceOf(NullPointerException.class);
  }
}
