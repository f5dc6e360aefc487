package dev.lifeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.internal.routing.Plan;
import dev.lifeline.model.ChatResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Runs every {@code @Benchmark} method of every benchmark class a few times, directly and without
 * JMH, with its {@code @Setup} and {@code @TearDown}, for every {@code @Param} value (but the
 * largest sizes of {@link ScalingBenchmark}, see {@link #LARGEST_SMOKED}): a benchmark whose wiring
 * broke (a server that no longer starts, an engine that no longer answers at once, a renamed API)
 * fails the default build instead of rotting until the next real run. Also checks that JMH's
 * annotation processor generated the harness for each of them. Seconds, not minutes.
 */
class BenchmarksSmokeTest {

  /**
   * Enough calls to pass the first-call paths (lazy monitors, connection set-up), few enough to be
   * quick.
   */
  private static final int CALLS = 3;

  /**
   * The largest value a {@code @Param} of this name is smoke-tested at: {@link ScalingBenchmark}'s
   * largest sizes run the same code as its smaller ones, only longer (seconds each before the JIT
   * warms up), and JMH runs them for real.
   */
  private static final Map<String, Integer> LARGEST_SMOKED =
      Map.of("signatures", 1_000, "samples", 100);

  @ParameterizedTest
  @ValueSource(
      classes = {
        EngineOverheadBenchmark.class,
        HealthTrackerBenchmark.class,
        HttpOverheadBenchmark.class,
        ScalingBenchmark.class,
        StreamChunksBenchmark.class
      })
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void everyBenchmarkMethodRuns(Class<?> benchmark) throws Exception {
    List<Method> methods = benchmarkMethods(benchmark);
    assertThat(methods).as("@Benchmark methods of %s", benchmark.getSimpleName()).isNotEmpty();
    for (Method method : methods) {
      for (Map<Class<?>, Map<Field, String>> params : paramCombinations(benchmark, method)) {
        runTrial(benchmark, method, params);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        EngineOverheadBenchmark.class,
        HealthTrackerBenchmark.class,
        HttpOverheadBenchmark.class,
        ScalingBenchmark.class,
        StreamChunksBenchmark.class
      })
  void jmhGeneratedTheHarness(Class<?> benchmark) throws Exception {
    String list = benchmarkList();
    for (Method method : benchmarkMethods(benchmark)) {
      // The generated class name is JMH's convention; the list is what org.openjdk.jmh.Main reads.
      String generated =
          benchmark.getPackageName()
              + ".jmh_generated."
              + benchmark.getSimpleName()
              + "_"
              + method.getName()
              + "_jmhTest";
      assertThat(Class.forName(generated)).isNotNull();
      assertThat(list).contains(generated);
    }
  }

  @Test
  void everyBenchmarkClassIsSmokeTested() throws IOException {
    // A new benchmark class must be added to the @ValueSource lists above; this says so.
    List<String> listed =
        List.of(
            EngineOverheadBenchmark.class.getName(),
            HealthTrackerBenchmark.class.getName(),
            HttpOverheadBenchmark.class.getName(),
            ScalingBenchmark.class.getName(),
            StreamChunksBenchmark.class.getName());
    for (String line : benchmarkList().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      assertThat(listed.stream().anyMatch(line::contains))
          .as("benchmark list entry is smoke-tested: %s", line)
          .isTrue();
    }
  }

  /** One trial: fresh states, set up, every thread makes {@link #CALLS} calls, torn down. */
  private static void runTrial(
      Class<?> benchmark, Method method, Map<Class<?>, Map<Field, String>> params)
      throws Exception {
    Map<Class<?>, Object> states = new LinkedHashMap<>();
    states.put(benchmark, newState(benchmark, params.getOrDefault(benchmark, Map.of())));
    Object[] args = new Object[method.getParameterCount()];
    for (int i = 0; i < args.length; i++) {
      Class<?> type = method.getParameterTypes()[i];
      assertThat(type.isAnnotationPresent(State.class))
          .as("%s: parameter %s is a @State (Blackhole is not supported here)", method, type)
          .isTrue();
      args[i] = states.computeIfAbsent(type, t -> newState(t, params.getOrDefault(t, Map.of())));
    }
    lifecycle(states.values(), Setup.class, Level.Trial, Level.Iteration);
    try {
      Threads threads = method.getAnnotation(Threads.class);
      int count = threads == null ? 1 : Math.max(1, threads.value());
      ExecutorService pool = Executors.newFixedThreadPool(count);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < count; t++) {
          running.add(
              pool.submit(
                  () -> {
                    for (int call = 0; call < CALLS; call++) {
                      lifecycle(states.values(), Setup.class, Level.Invocation);
                      check(method, invoke(method, states.get(benchmark), args));
                      lifecycle(states.values(), TearDown.class, Level.Invocation);
                    }
                    return null;
                  }));
        }
        for (Future<?> future : running) {
          future.get(20, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    } finally {
      lifecycle(states.values(), TearDown.class, Level.Iteration, Level.Trial);
    }
  }

  /**
   * What a happy-path benchmark must return: an answer at the first attempt, a full plan, a yes.
   */
  private static void check(Method method, Object result) {
    if (method.getReturnType() == void.class) {
      return;
    }
    assertThat(result).as("%s returned", method.getName()).isNotNull();
    if (result instanceof ChatResponse response) {
      assertThat(response.text()).as("%s answer", method.getName()).isNotBlank();
      // The engine's answers carry one attempt (no retry); the provider's own, in baseline, none.
      assertThat(response.trace().attempts().size())
          .as("%s took the happy path (at most one attempt)", method.getName())
          .isLessThanOrEqualTo(1);
    } else if (result instanceof Plan plan) {
      assertThat(plan.deployments()).as("%s planned every deployment", method.getName()).hasSize(6);
    } else if (result instanceof Boolean yes) {
      assertThat(yes).as("%s was allowed", method.getName()).isTrue();
    } else if (result instanceof String text) {
      assertThat(text).as("%s answer", method.getName()).isNotBlank();
    } else if (result instanceof byte[] bytes) {
      assertThat(bytes).as("%s wrote", method.getName()).isNotEmpty();
    } else if (result instanceof Integer count) {
      assertThat(count).as("%s counted", method.getName()).isPositive();
    } else if (result instanceof Double score) {
      // The scaling benchmark's validations: a failed verdict counts -1000, so every one passed.
      assertThat(score).as("%s: every validator passed", method.getName()).isNotNegative();
    }
  }

  private static List<Method> benchmarkMethods(Class<?> benchmark) {
    return Arrays.stream(benchmark.getMethods())
        .filter(method -> method.isAnnotationPresent(Benchmark.class))
        .sorted(Comparator.comparing(Method::getName))
        .toList();
  }

  /**
   * Every combination of {@code @Param} values of the states {@code method} uses (its own class and
   * its parameters), as state class → field → value; one empty combination when none.
   */
  private static List<Map<Class<?>, Map<Field, String>>> paramCombinations(
      Class<?> benchmark, Method method) {
    List<Class<?>> stateTypes = new ArrayList<>();
    stateTypes.add(benchmark);
    stateTypes.addAll(Arrays.asList(method.getParameterTypes()));
    List<Map<Class<?>, Map<Field, String>>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (Class<?> type : stateTypes) {
      for (Field field : type.getFields()) {
        Param param = field.getAnnotation(Param.class);
        if (param == null) {
          continue;
        }
        List<Map<Class<?>, Map<Field, String>>> grown = new ArrayList<>();
        for (Map<Class<?>, Map<Field, String>> combination : combinations) {
          for (String value : param.value()) {
            Integer largest = LARGEST_SMOKED.get(field.getName());
            if (largest != null && Integer.parseInt(value) > largest) {
              continue;
            }
            Map<Class<?>, Map<Field, String>> copy = new LinkedHashMap<>();
            combination.forEach((state, values) -> copy.put(state, new LinkedHashMap<>(values)));
            copy.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(field, value);
            grown.add(copy);
          }
        }
        combinations = grown;
      }
    }
    return combinations;
  }

  private static Object newState(Class<?> type, Map<Field, String> params) {
    try {
      Object state = type.getConstructor().newInstance();
      for (Map.Entry<Field, String> param : params.entrySet()) {
        param.getKey().set(state, convert(param.getKey().getType(), param.getValue()));
      }
      return state;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot create state " + type.getName(), e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object convert(Class<?> type, String value) {
    if (type == String.class) {
      return value;
    }
    if (type.isEnum()) {
      return Enum.valueOf((Class<? extends Enum>) type, value);
    }
    if (type == int.class) {
      return Integer.parseInt(value);
    }
    if (type == long.class) {
      return Long.parseLong(value);
    }
    if (type == double.class) {
      return Double.parseDouble(value);
    }
    if (type == boolean.class) {
      return Boolean.parseBoolean(value);
    }
    throw new AssertionError("@Param of type " + type + " is not supported by this smoke test");
  }

  /** Runs the {@code annotation} methods of every state whose level is one of {@code levels}. */
  private static void lifecycle(
      Iterable<Object> states,
      Class<? extends java.lang.annotation.Annotation> annotation,
      Level... levels) {
    for (Object state : states) {
      for (Method method : state.getClass().getMethods()) {
        Level level = levelOf(method, annotation);
        if (level != null && Arrays.asList(levels).contains(level)) {
          invoke(method, state);
        }
      }
    }
  }

  private static Level levelOf(
      Method method, Class<? extends java.lang.annotation.Annotation> annotation) {
    if (annotation == Setup.class && method.isAnnotationPresent(Setup.class)) {
      return method.getAnnotation(Setup.class).value();
    }
    if (annotation == TearDown.class && method.isAnnotationPresent(TearDown.class)) {
      return method.getAnnotation(TearDown.class).value();
    }
    return null;
  }

  private static Object invoke(Method method, Object target, Object... args) {
    try {
      return Modifier.isStatic(method.getModifiers())
          ? method.invoke(null, args)
          : method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(method.getName() + " threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(method.getName() + " is not accessible", e);
    }
  }

  /** JMH's list of benchmarks, generated into the module's classes by the annotation processor. */
  private static String benchmarkList() throws IOException {
    try (InputStream in =
        BenchmarksSmokeTest.class.getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
      assertThat(in).as("META-INF/BenchmarkList on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
