package dev.lifeline;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.model.FinishReason;
import dev.lifeline.model.Usage;
import dev.lifeline.provider.ApiKey;
import dev.lifeline.provider.Provider;
import dev.lifeline.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process provider that answers from a script per model, with latency on an injected
 * scheduler. When a model's script runs out, its last outcome repeats.
 */
final class FakeProvider implements Provider {

  /** One scripted outcome of a send. */
  record Outcome(
      String text, Failure failure, RuntimeException thrown, Duration latency, boolean hang) {
    Outcome after(Duration latency) {
      return new Outcome(text, failure, thrown, latency, hang);
    }
  }

  static Outcome answer(String text) {
    return new Outcome(text, null, null, Duration.ZERO, false);
  }

  static Outcome fail(Failure failure) {
    return new Outcome(null, failure, null, Duration.ZERO, false);
  }

  static Outcome fail(ErrorKind kind) {
    return fail(Failure.of(kind, "scripted " + kind));
  }

  static Outcome failWithStatus(ErrorKind kind, int status, Duration retryAfter) {
    return fail(
        Failure.builder(kind)
            .status(status)
            .message("scripted " + status)
            .retryAfter(retryAfter)
            .build());
  }

  static Outcome raise(RuntimeException error) {
    return new Outcome(null, null, error, Duration.ZERO, false);
  }

  static Outcome hang() {
    return new Outcome(null, null, null, Duration.ZERO, true);
  }

  private final String name;
  private final Scheduler scheduler;
  private final Map<String, Deque<Outcome>> scripts = new HashMap<>();
  private final Map<String, List<Outcome>> scripted = new HashMap<>(); // as scripted, for rewind()
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger cancelled = new AtomicInteger();
  private final List<ApiKey> keys = new ArrayList<>();

  FakeProvider(String name, Scheduler scheduler) {
    this.name = name;
    this.scheduler = scheduler;
  }

  FakeProvider script(String model, Outcome... outcomes) {
    scripts.put(model, new ArrayDeque<>(List.of(outcomes)));
    scripted.put(model, List.of(outcomes));
    return this;
  }

  FakeProvider withKey(ApiKey key) {
    keys.add(key);
    return this;
  }

  /** Puts every script back as scripted and forgets the calls: the same scenario can run again. */
  void rewind() {
    synchronized (scripts) {
      scripted.forEach((model, outcomes) -> scripts.put(model, new ArrayDeque<>(outcomes)));
    }
    calls.clear();
    cancelled.set(0);
  }

  /** The models sent to, in order. */
  List<String> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  int cancelledCount() {
    return cancelled.get();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ApiKey> credentials() {
    return keys;
  }

  @Override
  public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
    calls.add(model);
    Outcome outcome = next(model);
    if (outcome.thrown() != null) {
      throw outcome.thrown();
    }
    CompletableFuture<ChatResponse> future = new CompletableFuture<>();
    future.whenComplete(
        (answer, error) -> {
          if (future.isCancelled()) {
            cancelled.incrementAndGet();
          }
        });
    if (outcome.hang()) {
      return future;
    }
    Runnable complete =
        () -> {
          if (outcome.failure() != null) {
            future.completeExceptionally(new ProviderException(outcome.failure()));
          } else {
            future.complete(
                ChatResponse.builder()
                    .text(outcome.text())
                    .finishReason(FinishReason.STOP)
                    .usage(new Usage(10, 5))
                    .provider(name)
                    .model(model)
                    .build());
          }
        };
    if (outcome.latency().isZero()) {
      complete.run();
    } else {
      scheduler.schedule(complete, outcome.latency());
    }
    return future;
  }

  private Outcome next(String model) {
    synchronized (scripts) {
      Deque<Outcome> script = scripts.get(model);
      if (script == null || script.isEmpty()) {
        throw new IllegalStateException("no script for " + name + "/" + model);
      }
      return script.size() > 1 ? script.poll() : script.peek();
    }
  }
}
