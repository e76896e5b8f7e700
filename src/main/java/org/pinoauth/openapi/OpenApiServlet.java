package org.pinoauth.openapi;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.pinoauth.config.Config;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.GetOnlyServlet;
import org.pinoauth.http.NoStore;

/**
 * {@code GET /v5/openapi.yaml}: the OpenAPI 3.0.3 description of pinoauth's own endpoints, read
 * once from {@code /WEB-INF/openapi.yaml} (so not reachable as a static file). Its one server URL
 * is this deployment's base URL: the {@code issuer} setting when set (behind a proxy), else the URL
 * this request came to, up to the context path, as the server metadata names the issuer. When that
 * URL's host is not a plain host name or IP address ({@link BaseUrl#plain}), the document names the
 * context path instead, a relative server URL, which OpenAPI resolves against the document's own
 * address: what a client put in its {@code Host} header is never written into the document.
 */
public final class OpenApiServlet extends GetOnlyServlet {
  static final String DOCUMENT = "/WEB-INF/openapi.yaml";

  /** Stands for the base URL in the document, inside a single-quoted YAML scalar. */
  static final String BASE_PLACEHOLDER = "{{base}}";

  private static final String CONTENT_TYPE = "application/yaml;charset=UTF-8";

  private String document;
  private Optional<String> configuredBase;

  @Override
  public void init() throws ServletException {
    try (InputStream in = getServletContext().getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new ServletException(DOCUMENT + " is missing from the web application");
      }
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ServletException(DOCUMENT + " could not be read", e);
    }
    if (!document.contains(BASE_PLACEHOLDER)) {
      throw new ServletException(DOCUMENT + " has no " + BASE_PLACEHOLDER + " server URL");
    }
    configuredBase = Collaborators.get(getServletContext(), Config.class).issuer();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String base = BaseUrl.plain(request, configuredBase).orElseGet(() -> relative(request));
    byte[] body = render(document, base).getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(CONTENT_TYPE);
    NoStore.set(response);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The context path as a server URL relative to the document ("/" for the root context). */
  private static String relative(HttpServletRequest request) {
    String contextPath = request.getContextPath();
    return contextPath.isEmpty() ? "/" : contextPath;
  }

  /**
   * The document with {@code base} in place of the placeholder, escaped for the single-quoted YAML
   * scalar it stands in (a quote is doubled), so no Host header can change the document's shape.
   */
  static String render(String document, String base) {
    return document.replace(BASE_PLACEHOLDER, base.replace("'", "''"));
  }
}
