package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdFilterEndpointTest {

  @Test
  void ownServletsWhenContainerAddsItsOwnThenOnlyPinoauthsNames() {
    ServletContext context = mock(ServletContext.class);
    Map<String, ServletRegistration> registrations =
        Map.of(
            "token", registration("token", "org.pinoauth.token.TokenServlet"),
            "error", registration("error", "org.pinoauth.http.ErrorPageServlet"),
            "default", registration("default", "org.eclipse.jetty.ee10.servlet.DefaultServlet"),
            "jsp", registration("jsp", null), // a <jsp-file> servlet has no class
            "pinoauthLookalike", registration("pinoauthLookalike", "org.pinoauthx.Servlet"));
    when(context.getServletRegistrations()).thenAnswer(call -> registrations);

    assertEquals(Set.of("token", "error"), RequestIdFilter.ownServlets(context));
  }

  @Test
  void endpointWhenOwnServletThenItsName() {
    assertEquals("token", RequestIdFilter.endpoint(mapped("token"), Set.of("token")));
  }

  @Test
  void endpointWhenContainerServletThenOther() {
    assertEquals("other", RequestIdFilter.endpoint(mapped("default"), Set.of("token")));
  }

  @Test
  void endpointWhenNoMappingThenOther() {
    assertEquals("other", RequestIdFilter.endpoint(mock(HttpServletRequest.class), Set.of()));
  }

  private static ServletRegistration registration(String name, String className) {
    ServletRegistration registration = mock(ServletRegistration.class);
    when(registration.getName()).thenReturn(name);
    when(registration.getClassName()).thenReturn(className);
    return registration;
  }

  private static HttpServletRequest mapped(String servletName) {
    HttpServletMapping mapping = mock(HttpServletMapping.class);
    when(mapping.getServletName()).thenReturn(servletName);
    HttpServletRequest request = mock(HttpServletRequest.class);
    when(request.getHttpServletMapping()).thenReturn(mapping);
    return request;
  }
}
