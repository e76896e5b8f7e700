package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.testing.TokenAssertions.assertError;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;

/**
 * No folder of the WAR is listed (issue 12 §5): a folder address answers pinoauth's JSON 404, on
 * GET and HEAD, while the files in it are still served. The container matrix checks the same on
 * every container (containers/Smoke.java).
 */
class DirectoryListingIT {

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @ParameterizedTest
  @ValueSource(strings = {"/", "/static/", "/static/./", "/WEB-INF/"})
  void getWhenFolderThenJsonNotFoundWithoutListing(String path) {
    Http.Response answer = Http.get(server.uri(path));

    assertError(answer, 404, "invalid_request", 1);
    assertNoListing(answer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/static//", "//", "/static/%2e/", "/%2e/", "/static;x=1/", "/;x/"})
  void getWhenFolderSpelledOddlyThenClientErrorWithoutListing(String path) {
    Http.Response answer = Http.get(server.uri(path));

    assertTrue(answer.status() == 400 || answer.status() == 404, answer.toString());
    assertNoListing(answer);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/static/"})
  void headWhenFolderThenNotFound(String path) {
    Http.Response answer =
        Http.send(
            HttpRequest.newBuilder(server.uri(path))
                .timeout(Duration.ofSeconds(30))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());

    assertEquals(404, answer.status(), answer.toString());
    assertEquals("", answer.body());
  }

  @Test
  void getWhenFolderWithoutSlashThenRedirectedToTheFolderOnly() {
    Http.Response answer = Http.get(server.uri("/static"));

    // The container sends a folder named without its slash to the folder, which is refused above.
    assertTrue(answer.status() == 404 || answer.status() / 100 == 3, answer.toString());
    if (answer.status() / 100 == 3) {
      assertEquals("/static/", answer.header("Location").orElse(""), answer.toString());
    }
    assertNoListing(answer);
  }

  @Test
  void getWhenFileInStaticThenServed() {
    Http.Response answer = Http.get(server.uri("/static/pinoauth.css"));

    assertEquals(200, answer.status(), answer.toString());
    assertTrue(answer.header("Content-Type").orElse("").startsWith("text/css"));
  }

  private static void assertNoListing(Http.Response answer) {
    for (String file : new String[] {"pinoauth.css", "profile.svg", "web.xml", "templates"}) {
      assertFalse(answer.body().contains(file), "names " + file + ": " + answer.body());
    }
  }
}
