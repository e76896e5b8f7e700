package org.pinoauth.dev;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.GetOnlyServlet;
import org.pinoauth.http.NoStore;

/**
 * The development run's {@code /dev/callback} (CONTRACT §8, §9), where the demo app's second
 * redirect URI lands: the {@link CallbackPage page}, and its script and style sheet, which it loads
 * from its own origin so its Content-Security-Policy needs neither {@code 'unsafe-inline'} nor a
 * nonce. Mapped by {@code src/dev/web-dev.xml} only; never in the WAR. The demo app's id and secret
 * come from that file's init-parameters: they are the public development data of {@code
 * src/dev/bootstrap.json}, shown on the page as the curl shows them.
 */
public final class DevCallbackServlet extends GetOnlyServlet {
  /**
   * Scripts and connections to this origin only; no inline script or style, no framing, no base or
   * form redirection: what the pages of /oauth/ allow, plus the page's own script and its requests
   * to the token and introspection endpoints.
   */
  static final String CSP =
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self';"
          + " img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private CallbackPage page;
  private byte[] script;
  private byte[] styles;

  @Override
  public void init() throws ServletException {
    page = new CallbackPage(required("client_id"), required("client_secret"));
    script = resource("callback.js");
    styles = resource("callback.css");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getServletPath()) {
      case CallbackPage.PATH + ".js" -> write(response, "text/javascript;charset=UTF-8", script);
      case CallbackPage.PATH + ".css" -> write(response, "text/css;charset=UTF-8", styles);
      default -> {
        String baseUrl = BaseUrl.of(request, Optional.empty());
        String html = page.render(Received.from(request), baseUrl, request.getContextPath());
        write(response, "text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void write(HttpServletResponse response, String contentType, byte[] body)
      throws IOException {
    response.setContentType(contentType);
    response.setHeader("Content-Security-Policy", CSP);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Content-Type-Options", "nosniff");
    NoStore.setWithPragma(response);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private String required(String name) throws ServletException {
    String value = getInitParameter(name);
    if (value == null || value.isBlank()) {
      throw new ServletException(
          "src/dev/web-dev.xml must give devCallback the init-param " + name);
    }
    return value;
  }

  private static byte[] resource(String name) {
    try (InputStream in = DevCallbackServlet.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " is missing from the class path (src/dev/resources/org/pinoauth/dev)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
