package dev.lifeline.store.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority, a server certificate it signed for 127.0.0.1 and localhost,
 * and a second, unrelated authority: made by the machine's {@code openssl} into a temporary
 * directory, valid for two days. Tests that need them are skipped where {@code openssl} is missing.
 */
final class TestCertificates {
  private static final String OPENSSL = "/usr/bin/openssl";

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** Makes the files; skips the calling test (a JUnit assumption) if openssl is missing. */
  static TestCertificates make() throws IOException, InterruptedException {
    String openssl = Files.isExecutable(Path.of(OPENSSL)) ? OPENSSL : onPath("openssl");
    assumeTrue(openssl != null, "openssl is not installed: the TLS tests need it");
    Path dir = Files.createTempDirectory("lifeline-redis-tls");
    TestCertificates made = new TestCertificates(dir);
    made.authority(openssl, "ca", "lifeline-test-ca");
    made.authority(openssl, "stranger-ca", "someone-else-ca");
    made.run(
        openssl,
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    Files.writeString(
        dir.resolve("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
        StandardCharsets.US_ASCII);
    made.run(
        openssl,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt");
    return made;
  }

  /** The authority that signed the server's certificate (PEM). */
  Path authority() {
    return dir.resolve("ca.crt");
  }

  /** An authority that signed nothing the server shows (PEM). */
  Path strangerAuthority() {
    return dir.resolve("stranger-ca.crt");
  }

  /** The server's certificate (PEM), for 127.0.0.1 and localhost. */
  Path serverCertificate() {
    return dir.resolve("server.crt");
  }

  /** The server's private key (PEM). */
  Path serverKey() {
    return dir.resolve("server.key");
  }

  /** Deletes every file made. */
  void delete() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }

  private void authority(String openssl, String name, String commonName)
      throws IOException, InterruptedException {
    run(
        openssl,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + commonName,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt");
  }

  private void run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("openssl did not finish: " + List.of(command));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "openssl failed: "
              + List.of(command)
              + "\n"
              + Files.readString(dir.resolve("openssl.log"), StandardCharsets.UTF_8));
    }
  }

  /** The first {@code name} on the PATH, or null. */
  private static String onPath(String name) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
