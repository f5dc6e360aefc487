package dev.lifeline.internal.http;

import dev.lifeline.internal.util.Redaction;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a provider's base URL and the extra headers sent to it, so that a key only ever travels
 * over TLS (or stays on this machine) and never rides in a header the caller set by hand.
 *
 * <p>The same rules for every adapter. Not API.
 */
public final class BaseUrl {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.\\d{1,3}){3}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  // The JDK client refuses these (it sets them itself), and content-type is always JSON here.
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "date",
          "expect",
          "from",
          "host",
          "upgrade",
          "via",
          "warning",
          "content-type");

  private BaseUrl() {}

  /**
   * {@code url} without trailing slashes, after checking it.
   *
   * @throws IllegalArgumentException naming the URL when it is not absolute http(s), has user info,
   *     a query or a fragment, or is plain http to a host other than loopback
   */
  public static URI check(URI url) {
    Objects.requireNonNull(url, "baseUrl");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http(s) URL, was " + display(url));
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("baseUrl must name a host, was " + display(url));
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "baseUrl must not carry user info (credentials go through apiKey), was " + display(url));
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "baseUrl must not have a query or fragment, was " + display(url));
    }
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      throw new IllegalArgumentException(
          "baseUrl must use https unless the host is loopback (the API key would travel in clear"
              + " text), was "
              + display(url));
    }
    String text = url.toString();
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '/') {
      end--;
    }
    return URI.create(text.substring(0, end));
  }

  /** The URL as it may be shown in an error: user info and key-like query parameters masked. */
  private static String display(URI url) {
    String text = url.toString();
    String userInfo = url.getRawUserInfo();
    if (userInfo != null) {
      text = text.replace(userInfo + "@", Redaction.MASK + "@");
    }
    return Redaction.redactText(text);
  }

  /** {@code base} followed by {@code path} (which starts with a slash). */
  public static URI join(URI base, String path) {
    return URI.create(base.toString() + path);
  }

  /**
   * Whether {@code host} is this machine, judged from the name alone: {@code localhost},
   * 127.0.0.0/8 or {@code ::1}. Nothing is resolved, so DNS cannot make a remote host look local
   * (which is also why {@code *.localhost} names, resolved by DNS in the JDK, do not count).
   */
  public static boolean isLoopback(String host) {
    String bare = host.toLowerCase(Locale.ROOT);
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    return bare.equals("localhost")
        || IPV4_LOOPBACK.matcher(bare).matches()
        || bare.equals("::1")
        || bare.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * Checks one extra header.
   *
   * @throws IllegalArgumentException if the name is not an HTTP token, is one the client or the
   *     adapter sets ({@code host}, {@code content-type}, ...), is {@code credentialHeader} or any
   *     other credential header, or if the value has a line break
   */
  public static void checkHeader(String name, String value, String credentialHeader) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, "header value");
    if (!TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException("not a valid header name: '" + name + "'");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals(credentialHeader) || Redaction.isCredentialHeader(lower)) {
      throw new IllegalArgumentException(
          "header "
              + name
              + " carries a credential; set it with apiKey(...) so it is never logged");
    }
    if (RESERVED_HEADERS.contains(lower)) {
      throw new IllegalArgumentException(
          "header " + name + " is set by the client and cannot be overridden");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "the value of header " + name + " must not contain a line break");
    }
  }
}
