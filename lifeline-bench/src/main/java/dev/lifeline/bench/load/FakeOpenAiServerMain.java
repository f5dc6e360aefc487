package dev.lifeline.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A fake OpenAI Chat Completions server for the load benchmark, meant to run in its own process so
 * that it shares no heap, GC or JIT with the clients measured. It uses only the JDK (no Lifeline
 * code): {@code POST /v1/chat/completions} answers a fixed, realistic {@code chat.completion}; with
 * {@code "stream": true} it answers an SSE stream of {@code --chunks} deltas, a final chunk and
 * {@code data: [DONE]}.
 *
 * <p>Options: {@code --port N} (0: any free port), {@code --threads N} (handler pool, default 64),
 * {@code --chunks N} (default 20), {@code --max-lifetime-seconds N} (default 1800). It prints
 * {@code PORT <n>} on stdout once listening, and exits by itself after its maximum lifetime or when
 * its stdin closes (the parent died), so that it can never outlive a benchmark for long.
 */
public final class FakeOpenAiServerMain {

  private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");
  private static final String WORDS =
      "Your refund of 42.00 EUR for order 1234 has been approved; it will reach your card within"
          + " five business days, and you do not need to send the broken item back.";

  private FakeOpenAiServerMain() {}

  /**
   * Starts the server.
   *
   * @param args {@code --port}, {@code --threads}, {@code --chunks}, {@code
   *     --max-lifetime-seconds}, each followed by a non-negative integer
   */
  public static void main(String[] args) throws IOException {
    int port = option(args, "--port", 0);
    int threads = Math.max(1, option(args, "--threads", 64));
    int chunks = Math.max(1, option(args, "--chunks", 20));
    int lifetimeSeconds = Math.max(1, option(args, "--max-lifetime-seconds", 1800));

    byte[] completion = completion().getBytes(StandardCharsets.UTF_8);
    byte[] stream = stream(chunks).getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", exchange -> answer(exchange, completion, stream));
    server.start();
    System.out.println("PORT " + server.getAddress().getPort());
    System.out.flush();
    exitAfter(lifetimeSeconds);
    exitWhenStdinCloses();
  }

  private static void answer(HttpExchange exchange, byte[] completion, byte[] stream)
      throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      exchange.getResponseHeaders().set("x-request-id", "req_bench");
      exchange.getResponseHeaders().set("openai-processing-ms", "1");
      if (STREAM.matcher(body).find()) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        // One write per event, as a real server flushes each chunk when the model produces it.
        int start = 0;
        for (int i = 0; i < stream.length - 1; i++) {
          if (stream[i] == '\n' && stream[i + 1] == '\n') {
            out.write(stream, start, i + 2 - start);
            out.flush();
            start = i + 2;
          }
        }
        out.close();
      } else {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, completion.length);
        exchange.getResponseBody().write(completion);
      }
    }
  }

  private static String completion() {
    return "{\"id\":\"chatcmpl-bench0001\",\"object\":\"chat.completion\",\"created\":1765000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
        + "\"assistant\",\"content\":\""
        + WORDS
        + "\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":38,\"completion_tokens\":31,\"total_tokens\":69,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\"}";
  }

  private static String stream(int chunks) {
    String[] words = WORDS.split(" ");
    StringBuilder sse = new StringBuilder();
    for (int i = 0; i < chunks; i++) {
      String delta = (i == 0 ? "" : " ") + words[i % words.length];
      String role = i == 0 ? "\"role\":\"assistant\"," : "";
      sse.append(chunk("{" + role + "\"content\":\"" + delta + "\"}", "null"));
    }
    sse.append(chunk("{}", "\"stop\""));
    return sse.append("data: [DONE]\n\n").toString();
  }

  private static String chunk(String delta, String finishReason) {
    return "data: {\"id\":\"chatcmpl-bench0001\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1765000000,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"system_fingerprint\":\"fp_bench\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + finishReason
        + "}]}\n\n";
  }

  private static void exitAfter(int seconds) {
    Thread timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(seconds * 1000L);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              System.exit(0);
            },
            "max-lifetime");
    timer.setDaemon(true);
    timer.start();
  }

  private static void exitWhenStdinCloses() throws IOException {
    while (System.in.read() >= 0) {
      // The parent writes nothing; EOF means it closed the pipe or died.
    }
    System.exit(0);
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        try {
          int value = Integer.parseInt(args[i + 1]);
          if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
          }
          return value;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(name + " must be an integer, got " + args[i + 1], e);
        }
      }
    }
    return fallback;
  }
}
