package dev.lifeline.store.redis;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} that speaks TLS on a port of its own, with a certificate from a
 * throwaway authority made at test time ({@link TestCertificates}); clients are not asked for
 * certificates. It keeps a plain port on loopback too, for the test's own look into Redis. Started
 * before a test class, stopped after it, emptied before each test; the class is skipped where
 * {@code openssl} is missing.
 */
final class TlsRedisServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private TestCertificates certificates;
  private RedisServer server;
  private int tlsPort;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    certificates = TestCertificates.make();
    tlsPort = RedisServer.freePort();
    server =
        new RedisServer(
            List.of(
                "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(),
                "--tls-ca-cert-file", certificates.authority().toString(),
                "--tls-auth-clients", "no"));
    server.beforeAll(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server.beforeEach(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.afterAll(context);
    }
    if (certificates != null) {
      certificates.delete();
    }
  }

  /** {@code rediss://userInfo@127.0.0.1:tlsPort}. */
  String tlsUri(String userInfo) {
    return "rediss://" + userInfo + "@127.0.0.1:" + tlsPort;
  }

  int tlsPort() {
    return tlsPort;
  }

  TestCertificates certificates() {
    return certificates;
  }

  /** The same server on its plain port, to look into it. */
  RedisServer plain() {
    return server;
  }
}
