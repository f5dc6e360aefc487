package dev.lifeline.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeline.failure.ProviderException;
import dev.lifeline.internal.util.EngineWorkers;
import dev.lifeline.model.ChatRequest;
import dev.lifeline.model.ErrorKind;
import dev.lifeline.provider.Provider;
import dev.lifeline.provider.ProviderRuntime;
import dev.lifeline.provider.Timeouts;
import dev.lifeline.provider.openai.OpenAiProvider;
import dev.lifeline.time.Scheduler;
import dev.lifeline.time.Ticker;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers that break HTTP on purpose, over raw sockets on loopback: every attempt ends classified,
 * and no attempt leaves its connection (two fds on loopback) or a thread behind. Regression for the
 * audit of issue 10: the JDK 17 client kept the socket of every exchange that failed with a
 * protocol error.
 */
class HostileServerTest {

  /** What each server does with a request, and how many of the 10,000 attempts go to it. */
  enum Behaviour {
    INVALID_STATUS_LINE(2_500, 250, ErrorKind.INVALID_RESPONSE),
    // 400 KiB per attempt: smaller batches, or parsing 250 of them at once outlasts the first-byte
    // timeout.
    HEADERS_400_KIB(500, 25, ErrorKind.INVALID_RESPONSE),
    UNPARSEABLE_CONTENT_LENGTH(2_000, 250, ErrorKind.INVALID_RESPONSE),
    TWENTY_DIGIT_CONTENT_LENGTH(2_000, 250, ErrorKind.INVALID_RESPONSE),
    // A client may ignore 1xx answers (RFC 9110, 15.2): the adapters' client does, so a server
    // that sends nothing else ends at the first-byte timeout; the JDK client fails on the flood.
    THOUSAND_CONTINUES(2_000, 250, ErrorKind.INVALID_RESPONSE),
    ACCEPT_AND_HANG(1_000, 250, ErrorKind.TIMEOUT);

    final int attempts;
    final int batch;
    final ErrorKind expected;

    Behaviour(int attempts, int batch, ErrorKind expected) {
      this.attempts = attempts;
      this.batch = batch;
      this.expected = expected;
    }

    byte[] response() {
      switch (this) {
        case INVALID_STATUS_LINE:
          return ascii("HTTP/1.1 abc\r\n\r\n");
        case HEADERS_400_KIB:
          {
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
            String line = "X-Padding: " + "a".repeat(1012) + "\r\n"; // 1 KiB per header line
            head.append(line.repeat(400)).append("\r\n");
            return ascii(head.toString());
          }
        case UNPARSEABLE_CONTENT_LENGTH:
          return ascii(
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}");
        case TWENTY_DIGIT_CONTENT_LENGTH:
          return ascii("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n{}");
        case THOUSAND_CONTINUES:
          return ascii("HTTP/1.1 100 Continue\r\n\r\n".repeat(1_000));
        default:
          return new byte[0];
      }
    }
  }

  /** For the servers that answer: long enough for a batch's connections on a busy machine. */
  private static final Timeouts ANSWERING =
      Timeouts.defaults()
          .withConnect(Duration.ofSeconds(5))
          .withFirstByte(Duration.ofSeconds(5))
          .withIdle(Duration.ofSeconds(5))
          .withTotal(Duration.ofSeconds(8));

  /** For the server that hangs: the attempt must end by its first-byte timeout. */
  private static final Timeouts SHORT =
      Timeouts.defaults()
          .withConnect(Duration.ofSeconds(5))
          .withFirstByte(Duration.ofMillis(300))
          .withIdle(Duration.ofMillis(300))
          .withTotal(Duration.ofSeconds(5));

  @ParameterizedTest(name = "JDK client given: {0}")
  @ValueSource(booleans = {false, true})
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void tenThousandHostileAttemptsEndClassifiedAndLeaveNoConnectionOrThreadBehind(boolean jdk)
      throws Exception {
    int fdsBefore = openFds();
    Set<Thread> threadsAtStart = Thread.getAllStackTraces().keySet();
    int threadsBefore = threadsAtStart.size();
    ExecutorService serving =
        Executors.newCachedThreadPool(runnable -> new Thread(runnable, "hostile-server"));
    Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    List<ServerSocket> servers = new ArrayList<>();
    EngineWorkers workers = new EngineWorkers(2);
    Map<Behaviour, Provider> providers = new EnumMap<>(Behaviour.class);
    Map<ErrorKind, Integer> outcomes = new EnumMap<>(ErrorKind.class);
    try {
      ProviderRuntime runtime =
          ProviderRuntime.of(Ticker.system(), Scheduler.system(workers), workers);
      for (Behaviour behaviour : Behaviour.values()) {
        ServerSocket server = new ServerSocket(0, 1_000, InetAddress.getLoopbackAddress());
        servers.add(server);
        serving.execute(() -> acceptLoop(server, behaviour, serving, accepted));
        Timeouts timeouts = expected(behaviour, jdk) == ErrorKind.TIMEOUT ? SHORT : ANSWERING;
        OpenAiProvider.Builder builder =
            OpenAiProvider.builder()
                .name(behaviour.name().toLowerCase())
                .baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1")
                .timeouts(timeouts);
        if (jdk) {
          // A user's client on a bounded executor: its selector thread is the user's to keep.
          builder.httpClient(
              java.net.http.HttpClient.newBuilder()
                  .connectTimeout(timeouts.connect())
                  .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                  .executor(workers)
                  .build());
        }
        providers.put(behaviour, builder.build().bind(runtime));
      }
      int total = 0;
      for (Behaviour behaviour : Behaviour.values()) {
        for (int done = 0; done < behaviour.attempts; done += behaviour.batch) {
          List<CompletableFuture<?>> batch = new ArrayList<>();
          for (int i = 0; i < Math.min(behaviour.batch, behaviour.attempts - done); i++) {
            batch.add(providers.get(behaviour).send(ChatRequest.of("hello"), "m"));
          }
          for (CompletableFuture<?> attempt : batch) {
            ErrorKind kind = kindOf(attempt);
            assertThat(kind).as(behaviour.name()).isEqualTo(expected(behaviour, jdk));
            outcomes.merge(kind, 1, Integer::sum);
            total++;
          }
        }
      }
      assertThat(total).isEqualTo(10_000);
      // The adapters' own client may keep an idle connection in its pool (one whose connect
      // finished after its attempt was abandoned); closing the providers releases those, while a
      // socket the client lost track of stays open. A JDK client given by the user stays open:
      // there, every failed exchange must have closed its own socket.
      providers.values().forEach(Provider::close);
      // Every server thread ends when its client closes the connection; a kept socket keeps one
      // reading.
      for (ServerSocket server : servers) {
        server.close();
      }
      serving.shutdown();
      assertThat(serving.awaitTermination(20, TimeUnit.SECONDS))
          .as("server threads still reading from connections the client kept: %s", accepted.size())
          .isTrue();
      int fdsAfter = openFds();
      List<String> extra = settledNewThreads(threadsAtStart);
      int threadsAfter = threadsBefore + extra.size();
      System.out.printf(
          "hostile servers: %d attempts %s; fds %d -> %d, threads %d -> %d%n",
          total, outcomes, fdsBefore, fdsAfter, threadsBefore, threadsAfter);
      assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore + 20);
      assertThat(threadsAfter)
          .as("threads started and still alive: %s", extra)
          .isLessThanOrEqualTo(threadsBefore + 20);
    } finally {
      providers.values().forEach(Provider::close);
      for (ServerSocket server : servers) {
        server.close();
      }
      for (Socket socket : accepted) {
        socket.close();
      }
      serving.shutdownNow();
      workers.close();
    }
  }

  private static ErrorKind expected(Behaviour behaviour, boolean jdk) {
    return behaviour == Behaviour.THOUSAND_CONTINUES && !jdk
        ? ErrorKind.TIMEOUT
        : behaviour.expected;
  }

  private static ErrorKind kindOf(CompletableFuture<?> attempt) throws InterruptedException {
    try {
      attempt.get(10, TimeUnit.SECONDS);
      throw new AssertionError("a hostile server's answer was taken as an answer");
    } catch (TimeoutException e) {
      throw new AssertionError("an attempt hung", e);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ProviderException.class);
      return ((ProviderException) e.getCause()).failure().kind();
    }
  }

  private static void acceptLoop(
      ServerSocket server, Behaviour behaviour, ExecutorService serving, Set<Socket> accepted) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.add(socket);
        serving.execute(() -> serve(socket, behaviour, accepted));
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        return; // closed at the end of the test
      }
    }
  }

  /**
   * Reads the request, answers as scripted, then reads until the client closes: a server that never
   * lets go.
   */
  private static void serve(Socket socket, Behaviour behaviour, Set<Socket> accepted) {
    try (socket) {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      if (in.read(buffer) < 0) {
        return;
      }
      OutputStream out = socket.getOutputStream();
      out.write(behaviour.response());
      out.flush();
      while (in.read(buffer) >= 0) {
        // the client's bytes, if any, are not wanted; only its close ends this thread
      }
    } catch (IOException e) {
      // reset or broken pipe: the client closed, which is what it should do
    } finally {
      accepted.remove(socket);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static int openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  /**
   * Threads started since {@code atStart} that are still alive, after giving the short-lived ones
   * (the JDK client completes each {@code sendAsync} on a thread of its own when the common pool
   * has a single thread, as on two cores) a bounded time to end.
   */
  static List<String> settledNewThreads(Set<Thread> atStart) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> alive = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (atStart.contains(thread)) {
        continue;
      }
      if (!thread.isDaemon() || !isLibraryThread(thread.getName())) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      if (thread.isAlive()) {
        alive.add(thread.getName());
      }
    }
    return alive;
  }

  private static boolean isLibraryThread(String name) {
    return name.startsWith("lifeline-") || name.startsWith("HttpClient-");
  }
}
