package dev.lifeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-completions server for {@link InFlightCallsTest}, run as a child process so that its
 * sockets do not count against the test JVM's file limit: it holds every request until {@code
 * args[0]} are held (printing {@code held N}), then answers them all when a line arrives on stdin,
 * and exits when stdin closes.
 */
public final class DelayedAnswerServer {

  private static final byte[] ANSWER =
      ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
              + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
              + "\"Paris is the capital of France.\"},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":7,\"total_tokens\":17}}")
          .getBytes(StandardCharsets.UTF_8);

  private DelayedAnswerServer() {}

  /** Runs the server; see the class comment. */
  public static void main(String[] args) throws IOException {
    int expected = Integer.parseInt(args[0]);
    Queue<HttpExchange> held = new ConcurrentLinkedQueue<>();
    AtomicInteger count = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), expected);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          held.add(exchange);
          if (count.incrementAndGet() == expected) {
            System.out.println("held " + expected);
            System.out.flush();
          }
        });
    server.start();
    System.out.println("port " + server.getAddress().getPort());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ExecutorService answering = Executors.newFixedThreadPool(4);
    String line;
    while ((line = in.readLine()) != null) {
      for (HttpExchange exchange = held.poll(); exchange != null; exchange = held.poll()) {
        HttpExchange answered = exchange;
        answering.execute(() -> answer(answered));
      }
    }
    answering.shutdown();
    server.stop(0);
  }

  private static void answer(HttpExchange exchange) {
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, ANSWER.length);
      out.write(ANSWER);
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }
}
