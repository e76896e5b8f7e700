package org.pinoauth.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.pinoauth.http.Json;

/**
 * Writes one page of an admin list: the body a JSON array, as the unpaged list always was, and the
 * next page's absolute URL in {@code Link: <…>; rel="next"} (RFC 8288) when there is one. The store
 * is asked for one row more than the page holds; that row only tells that a next page exists.
 */
final class PageWriter {
  private PageWriter() {}

  /**
   * @param fetched up to {@code paging.limit() + 1} rows, in key order
   * @param listUrl the list's absolute URL, without query
   */
  static <T> void write(
      HttpServletResponse response,
      List<T> fetched,
      Paging paging,
      String kind,
      String listUrl,
      Function<T, String> key,
      Function<T, ?> view)
      throws IOException {
    int limit = paging.limit();
    List<T> page = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
    if (fetched.size() > limit) {
      String cursor = Paging.cursor(kind, key.apply(page.get(limit - 1)));
      response.setHeader(
          "Link", "<" + listUrl + "?limit=" + limit + "&cursor=" + cursor + ">; rel=\"next\"");
    }
    Json.write(response, 200, page.stream().map(view).toList());
  }
}
