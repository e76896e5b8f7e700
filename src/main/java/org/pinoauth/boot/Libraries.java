package org.pinoauth.boot;

import jakarta.json.bind.Jsonb;
import java.net.URL;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.pinoauth.http.Json;

/**
 * The start-up log line that says which copies of the libraries a server may also bring pinoauth
 * runs on: the JSON-B implementation and API (the WAR carries Yasson; a full Jakarta EE server has
 * its own) and H2, each with where its classes came from (the WAR's {@code WEB-INF/lib} or the
 * server), and the JDBC driver of the store. So an operator (and the container matrix) can see that
 * one JSON-B, not a mix of two, answers; building it also makes the JSON-B instance now, so a clash
 * stops the deployment instead of failing the first JSON answer. Paths and versions only.
 */
final class Libraries {
  private static final String H2_DRIVER = "org.h2.Driver";

  private Libraries() {}

  static String describe(DataSource store) {
    Class<?> jsonb = Json.implementation();
    return "Libraries: JSON-B "
        + jsonb.getName()
        + " from "
        + origin(jsonb)
        + "; JSON-B API from "
        + origin(Jsonb.class)
        + "; "
        + h2()
        + "; store driver "
        + storeDriver(store);
  }

  private static String h2() {
    try {
      Class<?> driver = Class.forName(H2_DRIVER, false, Libraries.class.getClassLoader());
      return "H2 " + h2Version(driver) + " from " + origin(driver);
    } catch (ClassNotFoundException | LinkageError absent) {
      return "H2 not visible";
    }
  }

  /**
   * H2's own version field, read at run time (the compiler would otherwise put in the version this
   * WAR was built with). The jar's manifest is only the fallback: on Tomcat with H2 in its lib/
   * too, the package of the WAR's H2 carried no version.
   */
  private static String h2Version(Class<?> driver) {
    try {
      return String.valueOf(
          Class.forName("org.h2.engine.Constants", true, driver.getClassLoader())
              .getField("VERSION")
              .get(null));
    } catch (ReflectiveOperationException | LinkageError | SecurityException unknown) {
      String manifest = driver.getPackage().getImplementationVersion();
      return manifest == null ? "(version unknown)" : manifest;
    }
  }

  private static String storeDriver(DataSource store) {
    try (Connection connection = store.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      return meta.getDriverName() + " " + meta.getDriverVersion();
    } catch (SQLException e) {
      return "unknown (" + e.getSQLState() + ")";
    }
  }

  /** The jar or folder a class was loaded from, as its class loader reports it. */
  private static String origin(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      return location == null ? "(not reported)" : location.toString();
    } catch (SecurityException hidden) {
      return "(not reported)";
    }
  }
}
