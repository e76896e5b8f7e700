package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A sign-in that the slowdown makes wait goes asynchronous, which a container allows only when
 * every filter and the servlet on the request's way are async-supported; one that is not makes the
 * wait hold a container thread (RequestDelays falls back to that), which a flood of guesses turns
 * against everyone. Every filter added in front of a waiting endpoint must say so in web.xml.
 */
class WebXmlAsyncTest {
  private static final Path WEB_XML = Path.of("webapp/WEB-INF/web.xml");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/oauth/",
        "/oauth",
        "/oauth/apps",
        "/admin/apps",
        "/admin/apps/1234567",
        "/metrics"
      })
  void everyFilterAndServletOnTheWayToAWaitingSignInIsAsyncSupported(String path) throws Exception {
    Document webXml =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(WEB_XML.toFile());
    Map<String, Boolean> filters = asyncSupported(webXml, "filter", "filter-name");
    Map<String, Boolean> servlets = asyncSupported(webXml, "servlet", "servlet-name");

    List<String> onTheWay = new ArrayList<>();
    for (Element mapping : elements(webXml.getDocumentElement(), "filter-mapping")) {
      if (mapsPath(mapping, path)) {
        onTheWay.add(text(mapping, "filter-name"));
      }
    }
    List<String> servlet = new ArrayList<>();
    for (Element mapping : elements(webXml.getDocumentElement(), "servlet-mapping")) {
      if (mapsPath(mapping, path)) {
        servlet.add(text(mapping, "servlet-name"));
      }
    }

    assertTrue(onTheWay.contains("requestId"), "the mapping rules read " + onTheWay);
    assertEquals(1, servlet.size(), path + " is served by " + servlet);
    for (String filter : onTheWay) {
      assertTrue(filters.get(filter), "filter " + filter + " in front of " + path);
    }
    assertTrue(servlets.get(servlet.get(0)), "servlet " + servlet.get(0) + " of " + path);
  }

  private static Map<String, Boolean> asyncSupported(Document webXml, String tag, String nameTag) {
    Map<String, Boolean> byName = new TreeMap<>();
    for (Element element : elements(webXml.getDocumentElement(), tag)) {
      NodeList async = element.getElementsByTagName("async-supported");
      byName.put(
          text(element, nameTag),
          async.getLength() == 1 && async.item(0).getTextContent().strip().equals("true"));
    }
    return byName;
  }

  /** Servlet URL-pattern matching (Servlet 6.0 §12.2): exact, path prefix {@code /x/*}, or /*. */
  private static boolean mapsPath(Element mapping, String path) {
    for (Element pattern : elements(mapping, "url-pattern")) {
      String value = pattern.getTextContent().strip();
      if (value.endsWith("/*")) {
        String prefix = value.substring(0, value.length() - 2);
        if (path.equals(prefix) || path.startsWith(prefix + "/")) {
          return true;
        }
      } else if (value.equals(path)) {
        return true;
      }
    }
    return false;
  }

  private static List<Element> elements(Element parent, String tag) {
    List<Element> children = new ArrayList<>();
    NodeList nodes = parent.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      children.add((Element) nodes.item(i));
    }
    return children;
  }

  private static String text(Element element, String tag) {
    return element.getElementsByTagName(tag).item(0).getTextContent().strip();
  }
}
