package io.tokenatlas.config;

import java.awt.Color;
import org.eclipse.microprofile.config.spi.Converter;

/** An opaque RGB colour, written as six hex digits in the configuration (ffffff), parsed once at start. */
public record Rgb(int rgb) {
    public Color color() {
        return new Color(rgb);
    }

    /** Reads "ffffff" or "#ffffff"; anything else stops the start with a message naming the value. */
    public static final class FromHex implements Converter<Rgb> {
        @Override
        public Rgb convert(String value) {
            String hex = value.strip().startsWith("#") ? value.strip().substring(1) : value.strip();
            if (!hex.matches("[0-9a-fA-F]{6}")) {
                throw new IllegalArgumentException("'" + value + "' is not an RGB colour of six hex digits (e.g. ffffff)");
            }
            return new Rgb(Integer.parseInt(hex, 16));
        }
    }
}
