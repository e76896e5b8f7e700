package org.pinoauth.metrics;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.http.GetOnlyServlet;
import org.pinoauth.realm.RealmBasicLogin;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format (version 0.0.4). Open, unless the
 * setting {@code metrics.role} names a role: then only to HTTP Basic credentials of a realm user
 * with it ({@link RealmBasicLogin}, as the admin API).
 */
public final class MetricsServlet extends GetOnlyServlet {
  private Metrics metrics;
  private String role;
  private RealmBasicLogin login;

  @Override
  public void init() {
    Pinoauth pinoauth = Pinoauth.from(getServletContext());
    metrics = pinoauth.metrics();
    role = pinoauth.config().metricsRole().orElse(null);
    login = RealmBasicLogin.of(pinoauth);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (role == null) {
      scrape(response);
      return;
    }
    if (!login.login(request, response, role)) {
      return; // Waiting before the password is checked; this servlet runs again after it.
    }
    try {
      scrape(response);
    } finally {
      request.logout();
    }
  }

  private void scrape(HttpServletResponse response) throws IOException {
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
