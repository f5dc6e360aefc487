package dev.lifeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No two Lifeline packages depend on each other, directly or around a loop: each package can be
 * read, tested and changed with only the ones below it in mind. Dependencies are read from the
 * class files of every module (a type named in a signature, a field, a call or a constant).
 */
class PackageCyclesTest {
  private static final List<String> MODULES =
      List.of(
          "lifeline-core",
          "lifeline-store-sqlite",
          "lifeline-semantic",
          "lifeline-langchain4j",
          "lifeline-testkit",
          "lifeline-spring-ai",
          "lifeline-micrometer",
          "lifeline-opentelemetry",
          "lifeline-bench",
          "lifeline-cli");

  @Test
  void thePackagesFormNoCycle() {
    Map<String, Set<String>> graph = new TreeMap<>();
    List<ClassFiles.ClassFile> files = new ArrayList<>();
    for (String module : MODULES) {
      files.addAll(ClassFiles.under(ApiSurfaceTest.classes(module)).toList());
    }
    files.forEach(
        file ->
            graph
                .computeIfAbsent(file.packageName(), p -> new TreeSet<>())
                .addAll(file.packagesNamed()));
    List<String> cycles = new ArrayList<>();
    for (Set<String> component : stronglyConnected(graph)) {
      if (component.size() > 1) {
        // Each edge inside the loop, with the classes that make it: what to move or invert.
        StringBuilder edges = new StringBuilder(component.toString());
        for (ClassFiles.ClassFile file : files) {
          if (component.contains(file.packageName())) {
            for (String named : file.packagesNamed()) {
              if (component.contains(named)) {
                edges.append("\n  ").append(file.name()).append(" -> ").append(named);
              }
            }
          }
        }
        cycles.add(edges.toString());
      }
    }
    assertThat(cycles).as("packages that depend on each other").isEmpty();
  }

  /** Tarjan's algorithm, iterative enough for a few dozen packages. */
  private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void connect(
      String node,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> out,
      int[] counter) {
    index.put(node, counter[0]);
    low.put(node, counter[0]);
    counter[0]++;
    stack.push(node);
    onStack.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!graph.containsKey(next)) {
        continue;
      }
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, onStack, out, counter);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      out.add(component);
    }
  }
}
