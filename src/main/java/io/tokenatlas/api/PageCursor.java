package io.tokenatlas.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Opaque page cursors: where a list goes on after its last item (the values of its sort key), as
 * base64url text that clients hand back unread. A cursor names its list, so one list's cursor is
 * refused by another. Pure.
 */
final class PageCursor {
    private static final String SEPARATOR = "|";

    private PageCursor() {}

    /** A cursor for {@code list} after an item whose sort key is {@code parts} (numbers or null). */
    static String encode(String list, Object... parts) {
        StringBuilder text = new StringBuilder("1").append(SEPARATOR).append(list);
        for (Object part : parts) {
            text.append(SEPARATOR).append(part == null ? "" : part.toString());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key a cursor of {@code list} holds ("" for a null part), or a 400 naming the parameter. */
    static String[] decode(String cursor, String list, int parts) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refused(list);
        }
        String[] fields = text.split("\\|", -1);
        if (fields.length != parts + 2 || !"1".equals(fields[0]) || !list.equals(fields[1])) {
            throw refused(list);
        }
        String[] out = new String[parts];
        System.arraycopy(fields, 2, out, 0, parts);
        return out;
    }

    /**
     * The sort key a cursor of {@code list} holds, made by {@code parse} from its parts; null when no
     * cursor was given. A cursor that does not parse is a 400 naming the parameter.
     */
    static <T> T read(String cursor, String list, int parts, Function<String[], T> parse) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String[] key = decode(cursor, list, parts);
        try {
            return parse.apply(key);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw refused(list);
        }
    }

    /** The id a cursor of a list kept in id order goes on after (0, from the start, when none is given). */
    static long afterId(String cursor, String list) {
        Long id = read(cursor, list, 1, key -> Long.parseLong(key[0]));
        return id == null ? 0 : id;
    }

    /** A page's next cursor when it is full (more may follow), else null. */
    static <T> String next(String list, List<T> page, int limit, Function<T, Object[]> key) {
        return page.size() < limit || page.isEmpty() ? null : encode(list, key.apply(page.getLast()));
    }

    static InvalidInputException refused(String list) {
        return new InvalidInputException("cursor is not one that " + list + " gave out: pass the next value of its"
                + " last page unchanged");
    }
}
