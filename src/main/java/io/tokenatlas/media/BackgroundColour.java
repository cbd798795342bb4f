package io.tokenatlas.media;

import java.awt.Color;
import java.util.regex.Pattern;

/**
 * A token's own background (the {@code background_color} of OpenSea-style metadata: six hex digits,
 * a leading {@code #} tolerated), which its transparent image is composited on instead of the
 * configured colour. Anything else is no colour: the configured one stays. Pure.
 */
public final class BackgroundColour {
    private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{6})");

    private BackgroundColour() {}

    /** The colour, or null when the text is absent or not six hex digits. */
    public static Color parse(String text) {
        if (text == null) {
            return null;
        }
        var m = HEX.matcher(text.strip());
        return m.matches() ? new Color(Integer.parseInt(m.group(1), 16)) : null;
    }
}
