package dev.lifeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeline.health.Hold;
import dev.lifeline.internal.health.HealthPersistence;
import dev.lifeline.internal.learning.PlaybookMemory;
import dev.lifeline.learning.LearningSettings;
import dev.lifeline.learning.Playbook;
import dev.lifeline.learning.PlaybookEntry;
import dev.lifeline.state.StateStoreException;
import dev.lifeline.store.sqlite.SqliteStateStore;
import dev.lifeline.time.Ticker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lifeline playbook show|clear}: what an engine learned from its failures, in an SQLite
 * store.
 */
@Command(
    name = "playbook",
    mixinStandardHelpOptions = true,
    description = {
      "Shows or clears the failure playbook kept in an SQLite store.",
      "The playbook says which deployment failed how, for which requests, how sure the engine is,"
          + " and what answered instead; show also lists the providers and models held out until a"
          + " time (cooldowns, open circuits). It holds no prompts and no keys."
    })
final class PlaybookCommand implements Callable<Integer> {

  /** The store the demo learns into, unless told another. */
  static Path defaultStore() {
    return Path.of(System.getProperty("java.io.tmpdir"), "lifeline-demo.db");
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "show|clear", description = "What to do: show or clear.")
  String action;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description = "The SQLite file (default: the demo's, ${java.io.tmpdir}/lifeline-demo.db).")
  Path store;

  @Option(names = "--json", description = "show: print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path file = store == null ? defaultStore() : store;
    if (!action.equals("show") && !action.equals("clear")) {
      err.println("lifeline playbook: unknown action '" + action + "'; use show or clear");
      return 2;
    }
    if (!Files.exists(file)) {
      err.println(
          "lifeline playbook: no store at "
              + file
              + " (run `lifeline demo` first, or pass --store FILE)");
      return 2;
    }
    try (SqliteStateStore opened = SqliteStateStore.open(file)) {
      Playbook playbook =
          PlaybookMemory.create(LearningSettings.defaults(), Ticker.system(), opened);
      if (action.equals("clear")) {
        int count = playbook.entries().size();
        playbook.clear();
        out.printf("cleared %d playbook entr%s from %s%n", count, count == 1 ? "y" : "ies", file);
      } else if (json) {
        out.println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(asJson(playbook, file)));
      } else {
        printTable(out, playbook, file);
        printHolds(out, new HealthPersistence(opened).stored());
      }
    } catch (StateStoreException e) {
      err.println("lifeline playbook: " + e.getMessage());
      return 1;
    }
    out.flush();
    return 0;
  }

  private static void printTable(PrintWriter out, Playbook playbook, Path file) {
    List<PlaybookEntry> entries = playbook.entries();
    out.printf(
        "Playbook in %s: %d signature%s (acts at confidence %.2f)%n",
        file, entries.size(), entries.size() == 1 ? "" : "s", playbook.settings().threshold());
    if (entries.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "deployment",
            "failure",
            "requests",
            "failures",
            "conf",
            "answered instead",
            "recovery"));
    for (PlaybookEntry entry : entries) {
      String code = entry.signature().providerCode();
      rows.add(
          List.of(
              entry.signature().deployment(),
              entry.signature().kind() + (code.isEmpty() ? "" : " " + code),
              entry.signature().shape().toString(),
              Long.toString(entry.failures()),
              String.format(Locale.ROOT, "%.2f", playbook.confidence(entry)),
              entry.bestResolver().orElse("—"),
              entry.recoveries() == 0
                  ? "—"
                  : String.format(
                      Locale.ROOT,
                      "%.1f attempts, %d ms",
                      entry.meanRecoveryAttempts(),
                      entry.meanRecoveryTime().toMillis())));
    }
    // Numbers right-aligned, text left-aligned, each column as wide as its widest cell.
    printColumns(out, rows, Set.of(3, 4));
  }

  /**
   * Prints {@code rows} (the first is the header) in columns; those in {@code right} flush right.
   */
  static void printColumns(PrintWriter out, List<List<String>> rows, Set<Integer> right) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String pad = " ".repeat(widths[i] - cell.length());
        line.append("  ");
        if (i == row.size() - 1) {
          line.append(cell); // the last column needs no padding
        } else {
          line.append(right.contains(i) ? pad + cell : cell + pad);
        }
      }
      out.println(line);
    }
  }

  private static void printHolds(PrintWriter out, List<Hold> stored) {
    Instant now = Instant.now();
    List<Hold> holds = stored.stream().filter(hold -> hold.until().isAfter(now)).toList();
    if (holds.isEmpty()) {
      return;
    }
    out.println("Held out until a time (a restarted engine skips them):");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("kind", "target", "until", "reason"));
    for (Hold hold : holds) {
      rows.add(
          List.of(
              hold.provider() ? "provider" : "model",
              hold.target(),
              hold.until().toString(),
              hold.reason()));
    }
    printColumns(out, rows, Set.of());
  }

  private static Map<String, Object> asJson(Playbook playbook, Path file) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("store", file.toString());
    root.put("threshold", playbook.settings().threshold());
    root.put(
        "entries",
        playbook.entries().stream()
            .map(
                entry -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("deployment", entry.signature().deployment());
                  row.put("kind", entry.signature().kind().name());
                  row.put("providerCode", entry.signature().providerCode());
                  row.put("requests", entry.signature().shape().toString());
                  row.put("failures", entry.failures());
                  row.put("confidence", playbook.confidence(entry));
                  row.put("lastSeen", entry.lastSeen().toString());
                  row.put("answeredInstead", entry.resolvers());
                  row.put("meanRecoveryAttempts", entry.meanRecoveryAttempts());
                  row.put("meanRecoveryMillis", entry.meanRecoveryTime().toMillis());
                  return row;
                })
            .toList());
    return root;
  }
}
