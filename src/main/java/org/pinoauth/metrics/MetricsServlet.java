package org.pinoauth.metrics;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.pinoauth.web.GetOnlyServlet;
import org.pinoauth.web.Pinoauth;

/** {@code GET /metrics}: every meter in the Prometheus text format (version 0.0.4). */
public final class MetricsServlet extends GetOnlyServlet {
  private Metrics metrics;

  @Override
  public void init() {
    metrics = Pinoauth.from(getServletContext()).metrics();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
