package org.pinoauth.metrics;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.pinoauth.config.Config;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.GetOnlyServlet;
import org.pinoauth.http.NoStore;
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
    metrics = Collaborators.get(getServletContext(), Metrics.class);
    role = Collaborators.get(getServletContext(), Config.class).metricsRole().orElse(null);
    login = Collaborators.get(getServletContext(), RealmBasicLogin.class);
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
    NoStore.set(response);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
