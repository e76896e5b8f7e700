package org.pinoauth.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a browser, for driving the sign-in and consent forms over HTTP: it keeps
 * cookies, does not follow redirects, reads a page's hidden inputs and posts them back with the
 * fields a person would fill in. One instance is one browser session.
 */
public final class Browserless {
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client =
      HttpClient.newBuilder()
          .cookieHandler(cookies)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public Http.Response get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  /** Posts {@code body}, already form-url-encoded, as a browser submits a form. */
  public Http.Response post(URI uri, String body) {
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * Submits the form of {@code page} to {@code action}: its hidden inputs, then {@code fields}
   * (name/value pairs), which replace hidden inputs of the same name; a null value leaves the field
   * out, as a forged form might.
   */
  public Http.Response submit(URI action, Http.Response page, String... fields) {
    return post(action, formOf(page, fields));
  }

  /**
   * The encoded body of the form of {@code page}: its hidden inputs, then {@code fields}
   * (name/value pairs), which replace hidden inputs of the same name; a null value leaves the field
   * out.
   */
  public static String formOf(Http.Response page, String... fields) {
    Map<String, String> values = hiddenInputs(page.body());
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i + 1] == null) {
        values.remove(fields[i]);
      } else {
        values.put(fields[i], fields[i + 1]);
      }
    }
    List<String> pairs = new ArrayList<>();
    values.forEach(
        (name, value) -> {
          pairs.add(name);
          pairs.add(value);
        });
    return Http.form(pairs.toArray(new String[0]));
  }

  /** GETs the {@code Location} of a redirect, resolved against the address that answered it. */
  public Http.Response follow(URI from, Http.Response redirect) {
    String location =
        redirect
            .header("Location")
            .orElseThrow(() -> new AssertionError("No Location header: " + redirect));
    return get(from.resolve(location));
  }

  /** The value of the cookie {@code name} this session holds, if any. */
  public Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** Every {@code <input type="hidden">} of a page, in order, with its value unescaped. */
  public static Map<String, String> hiddenInputs(String html) {
    Map<String, String> inputs = new LinkedHashMap<>();
    Matcher matcher = HIDDEN.matcher(html);
    while (matcher.find()) {
      inputs.put(unescape(matcher.group(1)), unescape(matcher.group(2)));
    }
    return inputs;
  }

  /** Undoes the escaping a page applies to attribute values. */
  public static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private Http.Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Http.Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
