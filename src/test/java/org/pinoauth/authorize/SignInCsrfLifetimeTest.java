package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How long a sign-in form's token is taken ({@link SignInCsrf#lifetime}): the container's session
 * timeout, else 30 minutes. The {@link ServletContext} is the container's, so it is mocked here.
 */
class SignInCsrfLifetimeTest {

  @Test
  void lifetimeWhenSessionTimeoutSetThenThatMany() {
    assertEquals(Duration.ofMinutes(15), SignInCsrf.lifetime(contextTimingOutAfter(15)));
    assertEquals(Duration.ofMinutes(1440), SignInCsrf.lifetime(contextTimingOutAfter(1440)));
  }

  @Test
  void lifetimeWhenSessionsNeverTimeOutThenThirtyMinutes() {
    assertEquals(Duration.ofMinutes(30), SignInCsrf.lifetime(contextTimingOutAfter(0)));
    assertEquals(Duration.ofMinutes(30), SignInCsrf.lifetime(contextTimingOutAfter(-1)));
  }

  @Test
  void lifetimeWhenContainerDoesNotSayThenThirtyMinutes() {
    ServletContext context = mock(ServletContext.class);
    when(context.getSessionTimeout()).thenThrow(new UnsupportedOperationException());

    assertEquals(Duration.ofMinutes(30), SignInCsrf.lifetime(context));
  }

  private static ServletContext contextTimingOutAfter(int minutes) {
    ServletContext context = mock(ServletContext.class);
    when(context.getSessionTimeout()).thenReturn(minutes);
    return context;
  }
}
