package org.pinoauth.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class WarServerTest {
  @Test
  void realmWhenComparedWithWebXmlThenTheLoginConfigsRealm() throws Exception {
    Document webXml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("webapp", "WEB-INF", "web.xml").toFile());

    assertEquals(
        webXml.getElementsByTagName("realm-name").item(0).getTextContent().strip(),
        WarServer.REALM);
  }

  @Test
  void causeOfWhenWrappedThenOneLineWithTheRootCause() {
    Exception e =
        new java.io.IOException(
            "Failed to bind to /127.0.0.1:8080",
            new java.net.BindException("Address already in use"));

    assertEquals(
        "IOException: Failed to bind to /127.0.0.1:8080 (cause: BindException: Address already in"
            + " use)",
        Main.causeOf(e));
    assertEquals(
        "IllegalStateException: two lines", Main.causeOf(new IllegalStateException("two\n lines")));
  }
}
