package io.tokenatlas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tokenatlas.testkit.Tools;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every setting of the config mapping, and nothing else: the keys are
 * read from {@link AtlasConfig} itself, so a setting added, renamed or removed without its row
 * fails here.
 */
class ConfigurationDocTest {
    @Test
    void theDocumentListsExactlyTheMappingsKeys() throws IOException {
        Set<String> mapping = new TreeSet<>();
        keys(AtlasConfig.class, "atlas", mapping);
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(atlas\\.[^`]+)`").matcher(
                Files.readString(Tools.root().resolve("docs/configuration.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> missing = new TreeSet<>(mapping);
        missing.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(mapping);
        assertEquals("", (missing.isEmpty() ? "" : "not documented: " + missing)
                + (stale.isEmpty() ? "" : " documented but not settings: " + stale));
    }

    /** The keys of a mapping interface: a method is a key (kebab-case), a nested group a prefix, a map of groups a keyed prefix. */
    static void keys(Class<?> group, String prefix, Set<String> out) {
        for (Method m : group.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault() || m.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + kebab(m.getName());
            Type type = m.getGenericReturnType();
            if (type instanceof ParameterizedType p && p.getRawType() == Map.class
                    && p.getActualTypeArguments()[1] instanceof Class<?> value && isGroup(value)) {
                keys(value, key + ".\"<chainId>\"", out);
            } else if (type instanceof ParameterizedType p && p.getRawType() == Optional.class
                    && p.getActualTypeArguments()[0] instanceof Class<?> value && isGroup(value)) {
                keys(value, key, out);
            } else if (type instanceof Class<?> c && isGroup(c)) {
                keys(c, key, out);
            } else {
                out.add(key);
            }
        }
    }

    private static boolean isGroup(Class<?> c) {
        return c.isInterface() && c.getPackageName().equals(AtlasConfig.class.getPackageName());
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
