package dev.switchboard.management.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list ({@code ?limit=&cursor=}). The cursor is opaque to clients: the sort key of
 * the last item, encoded.
 *
 * @param items this page
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** Builds a page from {@code limit + 1} fetched rows: the extra row says there is more. */
  public static <E, T> Page<T> of(
      List<E> rows, int limit, Function<E, String> sortKey, Function<E, T> view) {
    boolean more = rows.size() > limit;
    List<E> page = more ? rows.subList(0, limit) : rows;
    String next = more ? encode(sortKey.apply(page.get(page.size() - 1))) : null;
    return new Page<>(page.stream().map(view).toList(), next);
  }

  public static int limit(@Nullable Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw ApiException.invalid("limit must be from 1 to " + MAX_LIMIT);
    }
    return requested;
  }

  /** The decoded cursor, or "" for the first page. */
  public static String after(@Nullable String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return "";
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("cursor is not one this API returned");
    }
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }
}
