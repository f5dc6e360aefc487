package dev.lifeline.store.redis;

import io.lettuce.core.SslOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a {@code rediss://} server's certificate must chain to, in place of the JVM's
 * default trust store: a private CA, as managed Redis services and self-run TLS Redis use. Read
 * once, when the store is configured, so that a missing or unreadable file is a configuration error
 * then rather than an outage later.
 */
final class TrustedCertificates {
  private final List<Certificate> certificates;

  private TrustedCertificates(List<Certificate> certificates) {
    this.certificates = certificates;
  }

  /**
   * The certificates in {@code pemFile} (one or more, PEM or DER).
   *
   * @throws IllegalArgumentException if the file cannot be read or holds no certificate
   */
  static TrustedCertificates read(Path pemFile) {
    Objects.requireNonNull(pemFile, "trustedCertificates");
    Collection<? extends Certificate> read;
    try (InputStream in = Files.newInputStream(pemFile)) {
      read = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "trustedCertificates must be a readable file of PEM certificates, "
              + pemFile
              + " is not: "
              + e.getMessage(),
          e);
    }
    if (read.isEmpty()) {
      throw new IllegalArgumentException(
          "trustedCertificates must hold at least one certificate, " + pemFile + " holds none");
    }
    return new TrustedCertificates(List.copyOf(read));
  }

  /** Lettuce's TLS settings that trust these certificates only; the host name is still checked. */
  SslOptions sslOptions() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      return SslOptions.builder().jdkSslProvider().trustManager(trust).build();
    } catch (IOException | GeneralSecurityException e) {
      // An empty in-memory key store of the JVM's default type always loads.
      throw new IllegalStateException("the JVM cannot hold trusted certificates", e);
    }
  }
}
