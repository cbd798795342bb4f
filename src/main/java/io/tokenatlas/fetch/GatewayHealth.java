package io.tokenatlas.fetch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A health score per IPFS gateway: an exponentially weighted share of good answers (a wrong CID
 * counts as three failures), so that a failing or lying gateway sinks below the others and is
 * asked last. Gateways whose scores round to the same tenth keep their configured order. Thread-safe.
 */
public final class GatewayHealth {
    private static final double WEIGHT = 0.2;

    /** One gateway's record. */
    public record Score(String gateway, double score, long ok, long failed, long mismatched, double meanMillis) {}

    private final List<Entry> entries = new ArrayList<>();

    public GatewayHealth(List<String> gateways) {
        for (int i = 0; i < gateways.size(); i++) {
            entries.add(new Entry(gateways.get(i), i));
        }
    }

    /** The gateways, best score first. */
    public synchronized List<String> ordered() {
        return entries.stream()
                .sorted(Comparator.comparingLong((Entry e) -> -Math.round(e.score * 10)).thenComparingInt(e -> e.order))
                .map(e -> e.gateway)
                .toList();
    }

    public synchronized void ok(String gateway, long millis) {
        Entry e = entry(gateway);
        e.ok++;
        e.totalMillis += millis;
        e.score = e.score * (1 - WEIGHT) + WEIGHT;
    }

    public synchronized void failed(String gateway) {
        Entry e = entry(gateway);
        e.failed++;
        e.score *= 1 - WEIGHT;
    }

    public synchronized void mismatched(String gateway) {
        Entry e = entry(gateway);
        e.mismatched++;
        e.score *= Math.pow(1 - WEIGHT, 3);
    }

    public synchronized List<Score> scores() {
        return entries.stream()
                .map(e -> new Score(e.gateway, Math.round(e.score * 1000) / 1000.0, e.ok, e.failed, e.mismatched,
                        e.ok == 0 ? 0 : Math.round(e.totalMillis * 10.0 / e.ok) / 10.0))
                .toList();
    }

    public synchronized double score(String gateway) {
        return entry(gateway).score;
    }

    private Entry entry(String gateway) {
        for (Entry e : entries) {
            if (e.gateway.equals(gateway)) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a configured gateway: " + gateway);
    }

    private static final class Entry {
        final String gateway;
        final int order;
        double score = 1.0;
        long ok;
        long failed;
        long mismatched;
        long totalMillis;

        Entry(String gateway, int order) {
            this.gateway = gateway;
            this.order = order;
        }
    }
}
