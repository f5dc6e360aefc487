package dev.lifeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeline.model.Attempt;
import dev.lifeline.model.CallTrace;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ChatResponse;
import dev.lifeline.model.Deployment;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.model.Failure;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.retry.RetryPolicy;
import dev.lifeline.time.Scheduler;
import dev.lifeline.trace.EngineListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's own threads: the timer only hands work off, and {@code close()} stops everything.
 */
class EngineRuntimeTest {

  private static final String ANSWER = "Paris is the capital of France.";

  /** Records the thread of every callback. */
  private static final class ThreadRecorder implements EngineListener {
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onAttempt(Attempt attempt) {
      threads.add("onAttempt:" + Thread.currentThread().getName());
    }

    @Override
    public void onRetryScheduled(Deployment deployment, Duration wait, Failure cause) {
      threads.add("onRetryScheduled:" + Thread.currentThread().getName());
    }

    final CompletableFuture<String> succeeded = new CompletableFuture<>();

    @Override
    public void onCallSucceeded(ChatResponse response) {
      threads.add("onCallSucceeded:" + Thread.currentThread().getName());
      succeeded.complete(Thread.currentThread().getName());
    }

    @Override
    public void onCallFailed(RuntimeException error, CallTrace trace) {
      threads.add("onCallFailed:" + Thread.currentThread().getName());
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aRetryFiredByTheSystemTimerRunsItsAttemptAndListenersOnAWorkerNotOnTheTimer() {
    FakeProvider provider =
        new FakeProvider("fake", Scheduler.system())
            .script("m", FakeProvider.fail(ErrorKind.SERVER_ERROR), FakeProvider.answer(ANSWER));
    ThreadRecorder recorder = new ThreadRecorder();
    try (SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(provider, "m")
            .retryPolicy(
                RetryPolicy.builder().maxAttempts(2).baseDelay(Duration.ofMillis(20)).build())
            .listener(recorder)
            .build()) {
      CompletableFuture<ChatResponse> call =
          engine.callAsync(ChatRequest.of("What is the capital of France?"));
      // On a loaded machine the call may finish before the dependent is attached; it then runs on
      // the caller's thread, as any CompletableFuture's does, and says nothing about the timer.
      boolean attachedInTime = !call.isDone();
      CompletableFuture<String> dependent =
          call.thenApply(answer -> Thread.currentThread().getName());

      if (attachedInTime) {
        assertThat(dependent.join())
            .isNotEqualTo("lifeline-scheduler")
            .startsWith("lifeline-worker-");
      }
      // The second attempt and the success are consequences of the timer: they ran on the engine's
      // workers.
      assertThat(recorder.succeeded.join()).startsWith("lifeline-worker-");
      assertThat(recorder.threads).noneMatch(entry -> entry.endsWith(":lifeline-scheduler"));
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void anHttpIdleTimeoutFiredByTheSystemTimerEndsTheCallOnAWorker() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread hanging = new Thread(() -> headersThenSilence(server), "silent-server");
      hanging.setDaemon(true);
      hanging.start();
      Provider provider =
          OpenAiProvider.builder()
              .name("silent")
              .baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1")
              .timeouts(
                  Timeouts.defaults()
                      .withConnect(Duration.ofSeconds(2))
                      .withFirstByte(Duration.ofSeconds(2))
                      .withIdle(Duration.ofMillis(200))
                      .withTotal(Duration.ofSeconds(5)))
              .build();
      ThreadRecorder recorder = new ThreadRecorder();
      try (SelfHealingEngine engine =
          SelfHealingEngine.builder()
              .provider(provider, "m")
              .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
              .listener(recorder)
              .build()) {
        // An asynchronous call ends on a worker; a blocking one would end on its caller's thread.
        assertThatThrownBy(() -> engine.callAsync(ChatRequest.of("hello")).join())
            .hasCauseInstanceOf(LifelineException.class)
            .hasMessageContaining("idle timeout");
      }
      assertThat(recorder.threads)
          .as("%s", recorder.threads)
          .anyMatch(entry -> entry.startsWith("onCallFailed:lifeline-worker-"));
      assertThat(recorder.threads).noneMatch(entry -> entry.endsWith(":lifeline-scheduler"));
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void closeStopsTheWorkersClosesTheBoundProvidersOnceAndRefusesLaterCalls() throws Exception {
    Set<Thread> before = workerThreads();
    AtomicInteger bound = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    FakeProvider fake =
        new FakeProvider("fake", Scheduler.system())
            .script("m", FakeProvider.fail(ErrorKind.SERVER_ERROR), FakeProvider.answer(ANSWER));
    Provider binding = new BindingProvider(fake, bound, closed);
    SelfHealingEngine engine =
        SelfHealingEngine.builder()
            .provider(binding, "m")
            .retryPolicy(
                RetryPolicy.builder().maxAttempts(2).baseDelay(Duration.ofMillis(5)).build())
            .build();
    assertThat(engine.call(ChatRequest.of("What is the capital of France?")).text())
        .isEqualTo(ANSWER);
    Set<Thread> ours = workerThreads();
    ours.removeAll(before);
    assertThat(ours).as("the retry ran on the engine's workers").isNotEmpty();
    assertThat(bound).hasValue(1);

    engine.close();
    engine.close(); // idempotent

    for (Thread worker : ours) {
      worker.join(5_000);
      assertThat(worker.isAlive()).as(worker.getName()).isFalse();
    }
    assertThat(closed).as("the bound copy is closed once; the user's provider is not").hasValue(1);
    assertThatThrownBy(() -> engine.call(ChatRequest.of("again")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> engine.callAsync(ChatRequest.of("again")))
        .isInstanceOf(IllegalStateException.class);
  }

  private static Set<Thread> workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("lifeline-worker-"))
        .collect(Collectors.toSet());
  }

  /** Answers 200 with a streamed body's headers, then sends nothing and holds the connection. */
  private static void headersThenSilence(ServerSocket server) {
    try (Socket socket = server.accept()) {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      in.read(buffer);
      socket
          .getOutputStream()
          .write(
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
                  .getBytes(StandardCharsets.US_ASCII));
      while (in.read(buffer) >= 0) {
        // hold the connection until the client gives up
      }
    } catch (IOException e) {
      // the client closed: what it should do
    }
  }

  /** A provider whose {@code bind} returns a counted copy, to see what the engine closes. */
  private static final class BindingProvider implements Provider {
    private final Provider delegate;
    private final AtomicInteger bound;
    private final AtomicInteger closed;
    private final boolean copy;

    BindingProvider(Provider delegate, AtomicInteger bound, AtomicInteger closed) {
      this(delegate, bound, closed, false);
    }

    private BindingProvider(
        Provider delegate, AtomicInteger bound, AtomicInteger closed, boolean copy) {
      this.delegate = delegate;
      this.bound = bound;
      this.closed = closed;
      this.copy = copy;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public CompletableFuture<ChatResponse> send(ChatRequest request, String model) {
      return delegate.send(request, model);
    }

    @Override
    public Provider bind(ProviderRuntime runtime) {
      assertThat(runtime.executor()).isNotNull();
      bound.incrementAndGet();
      return new BindingProvider(delegate, bound, closed, true);
    }

    @Override
    public void close() {
      if (copy) {
        closed.incrementAndGet();
      }
    }
  }
}
