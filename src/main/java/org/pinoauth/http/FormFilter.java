package org.pinoauth.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.pinoauth.error.OAuthError;

/**
 * Guards the form-posting endpoints (CONTRACT §2.1): only {@code POST} (405 with {@code Allow}),
 * only {@code application/x-www-form-urlencoded} (415), at most 16 KiB (413), no parameter twice
 * ({@code invalid_request}). Parses the body once into a {@link Form} that later filters and the
 * servlet read with {@link #form}; the query string is never consulted.
 */
public final class FormFilter extends HttpFilter {
  public static final int MAX_BODY_BYTES = 16 * 1024;
  private static final String FORM = "org.pinoauth.form";
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"POST".equals(request.getMethod())) {
      throw OAuthError.METHOD_NOT_ALLOWED
          .exception("This endpoint only accepts POST.")
          .withHeader("Allow", "POST");
    }
    // The raw header: the container's parsed getContentType() throws on an unknown charset.
    if (!isFormContentType(request.getHeader("Content-Type"))) {
      throw OAuthError.UNSUPPORTED_MEDIA_TYPE.exception();
    }
    Form form = FormParser.parse(RequestBody.read(request, MAX_BODY_BYTES));
    form.requireNoRepeats();
    request.setAttribute(FORM, form);
    chain.doFilter(request, response);
  }

  /** The form {@link FormFilter} parsed for this request. */
  public static Form form(HttpServletRequest request) {
    Form form = (Form) request.getAttribute(FORM);
    if (form == null) {
      throw new IllegalStateException("FormFilter is not mapped in front of this servlet");
    }
    return form;
  }

  /** The form, when {@link FormFilter} has parsed one: for a filter in front of it, afterwards. */
  public static Optional<Form> parsed(HttpServletRequest request) {
    return Optional.ofNullable((Form) request.getAttribute(FORM));
  }

  /** Whether a raw {@code Content-Type} header names the form media type (any parameters). */
  public static boolean isFormContentType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.trim().toLowerCase(Locale.ROOT).equals(FORM_TYPE);
  }
}
