package org.pinoauth.http;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

class NoStoreTest {
  private final HttpServletResponse response = mock(HttpServletResponse.class);

  @Test
  void setWhenCalledThenOnlyCacheControlNoStore() {
    NoStore.set(response);

    verify(response).setHeader("Cache-Control", "no-store");
    verifyNoMoreInteractions(response);
  }

  @Test
  void setWithPragmaWhenCalledThenNoStoreAndPragmaNoCache() {
    NoStore.setWithPragma(response);

    verify(response).setHeader("Cache-Control", "no-store");
    verify(response).setHeader("Pragma", "no-cache");
    verifyNoMoreInteractions(response);
  }
}
