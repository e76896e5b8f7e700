package org.pinoauth.health;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.GetOnlyServlet;
import org.pinoauth.http.Json;

/** {@code GET /healthz} (CONTRACT §1): 200 {@code UP} when the store answers, 503 otherwise. */
public final class HealthServlet extends GetOnlyServlet {
  private static final int CHECK_SECONDS = 2;

  /** The JSON body. */
  public record Health(String status) {}

  private DataSource dataSource;

  @Override
  public void init() {
    dataSource = Collaborators.get(getServletContext(), DataSource.class);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean up;
    try (Connection connection = dataSource.getConnection()) {
      up = connection.isValid(CHECK_SECONDS);
    } catch (SQLException e) {
      up = false;
    }
    Json.write(
        response,
        up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
        new Health(up ? "UP" : "DOWN"));
  }
}
