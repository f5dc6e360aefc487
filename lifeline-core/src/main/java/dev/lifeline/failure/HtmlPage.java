package dev.lifeline.failure;

import dev.lifeline.model.RawResponse;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDN's or proxy's HTML error page (Cloudflare, nginx, an API gateway): its title, its heading,
 * its text, and the 5xx code it names, which is what happened to the origin.
 *
 * @param title the page's {@code <title>}, de-tagged and cut; empty when none
 * @param heading the first {@code <h1>}, de-tagged and cut; empty when none
 * @param text the page's visible text, collapsed
 */
record HtmlPage(String title, String heading, String text) {

  private static final Pattern TITLE =
      Pattern.compile(
          "<title[^>]{0,200}>(.{0,500}?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern H1 =
      Pattern.compile("<h1[^>]{0,200}>(.{0,500}?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<[^<>]{0,1000}>");
  // Only 5xx: the codes a CDN answers for its origin. A 4xx page agrees with its HTTP status.
  private static final Pattern HTTP_CODE = Pattern.compile("\\b(5\\d\\d)\\b");
  private static final Pattern ERROR_CODE =
      Pattern.compile("error code:?\\s*(5\\d\\d)\\b", Pattern.CASE_INSENSITIVE);
  // Only the head of a page is read: a title and the first paragraphs say what it is.
  private static final int MAX_PAGE_CHARS = ProviderText.MAX_WORDING_CHARS * 4;

  /** Whether the answer is a page rather than an API's body. */
  static boolean isHtml(RawResponse response, String body) {
    String type = response.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    return type.contains("html") || (!body.isEmpty() && body.charAt(0) == '<');
  }

  /** Reads the head of {@code body}. */
  static HtmlPage read(String body) {
    String head = body.length() > MAX_PAGE_CHARS ? body.substring(0, MAX_PAGE_CHARS) : body;
    return new HtmlPage(
        element(TITLE, head),
        element(H1, head),
        ProviderText.collapse(TAG.matcher(head).replaceAll(" ")));
  }

  /** "HTML error page: " and the title, the heading, or the start of the text. */
  String message() {
    return "HTML error page: "
        + ProviderText.firstNonEmpty(title, heading, ProviderText.excerpt(text, 80), "(no title)");
  }

  /** What the page says, for wording rules. */
  String wording() {
    return title + " " + heading + " " + text;
  }

  /**
   * The status the page names in its title or text ("502: Bad gateway", "Error code 524"), or
   * {@code status} when it names none.
   */
  int status(int status) {
    for (String source : new String[] {title, heading}) {
      Matcher code = HTTP_CODE.matcher(source);
      if (code.find()) {
        return Integer.parseInt(code.group(1));
      }
    }
    Matcher code = ERROR_CODE.matcher(text);
    return code.find() ? Integer.parseInt(code.group(1)) : status;
  }

  private static String element(Pattern element, String html) {
    Matcher match = element.matcher(html);
    if (!match.find()) {
      return "";
    }
    String text = TAG.matcher(match.group(1)).replaceAll(" ");
    text =
        text.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ");
    return ProviderText.summary(text);
  }
}
