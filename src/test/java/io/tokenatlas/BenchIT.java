package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.Bench;
import io.tokenatlas.testkit.CopycatBench;
import io.tokenatlas.testkit.Drop;
import io.tokenatlas.testkit.IngestBench;
import io.tokenatlas.testkit.ProviderBench;
import io.tokenatlas.testkit.ProviderProxy;
import io.tokenatlas.testkit.QualityBench;
import io.tokenatlas.testkit.StaticServer;
import io.tokenatlas.testkit.Tools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The short version of scripts/bench: every row runs end to end on a small input. No timing is asserted. */
class BenchIT {
    @Test
    void theBackfillRowRunsAndRenders() {
        Bench.Row row = Bench.backfill(500, Tools.logs().resolve("bench"));
        String table = Bench.markdown(List.of(row));
        System.out.println(table);
        assertTrue(row.ratio() > 0 && Double.isFinite(row.ratio()), "a ratio was measured: " + row);
        assertTrue(table.contains("| Backfill: Transfer logs/s, 500 tokens from anvil |"), table);
    }

    /** The provider row's plain loop and daemon both read every log through the proxy's caps and 429s. */
    @Test
    void theProviderRowRunsThroughCapsAnd429s() {
        var limits = new ProviderProxy.Limits(Duration.ofMillis(5), 10, 300, 9, 1, 100); // a 429 every 9th request
        Bench.Row row = ProviderBench.row(300, 900, 400, limits, Tools.logs().resolve("bench"));
        String table = Bench.markdown(List.of(row));
        System.out.println(table);
        assertTrue(row.ratio() > 0 && Double.isFinite(row.ratio()), "both sides were timed: " + row);
        assertTrue(row.note().matches(".*\\(\\d+ requests, \\d+ over the result cap, [1-9]\\d* 429s\\).*"),
                "the daemon met 429s: " + row.note());
    }

    @Test
    void theSimilarQueryRowsRunAndRender() {
        List<Bench.Row> rows = Bench.similarQueries(3000, 2, Tools.logs().resolve("bench"));
        String table = Bench.markdown(rows);
        System.out.println(table);
        assertTrue(rows.size() == 3, "1 and 32 clients and the recall: " + rows);
        assertTrue(rows.get(2).ratio() > 0.5, "HNSW finds most of the exact neighbours: " + rows.get(2));
    }

    @Test
    void theLargeLayoutRowsRunAndMeasureMemory() {
        List<Bench.Row> rows = Bench.largeLayout(1500, Tools.logs().resolve("bench"));
        String table = Bench.markdown(rows);
        System.out.println(table);
        assertEquals(3, rows.size(), "layout, mosaic and atlas: " + rows);
        assertTrue(rows.stream().allMatch(r -> r.ratio() > 0 && Double.isFinite(r.ratio())), rows.toString());
        assertTrue(table.contains("| Layout of 1500 tokens (first map after a bulk load) |"), table);
    }

    @Test
    void thePipelineVectorRowsRunOnAFreshIngest() {
        // Enough tokens for a map recompute after the 100 a descriptor fit needs, whenever the first one runs.
        List<Bench.Row> rows = Bench.pipelineVectors(300, 2, Tools.logs().resolve("bench"));
        String table = Bench.markdown(rows);
        System.out.println(table);
        assertEquals(2, rows.size(), "1 and 32 clients: " + rows);
        assertTrue(rows.get(0).note().contains("plan: "), rows.get(0).note());
        assertTrue(rows.stream().allMatch(r -> r.ratio() > 0 && Double.isFinite(r.ratio())), rows.toString());
    }

    @Test
    void theManyCollectionsRowsRunAndFindTheNeighboursInEachCollection() {
        List<Bench.Row> rows = Bench.manyCollections(10_000, 2, Tools.logs().resolve("bench"));
        String table = Bench.markdown(rows);
        System.out.println(table);
        assertEquals(6, rows.size(), "latency and recall for three collections: " + rows);
        for (int i = 1; i < rows.size(); i += 2) {
            double recall = Double.parseDouble(rows.get(i).project());
            assertTrue(recall >= 0.9, "each collection's own index finds its neighbours: " + rows.get(i));
        }
        assertTrue(table.contains("| Recall@20 in a 100-token collection among "), table);
    }

    @Test
    void theFreshnessRowRunsAndRenders() {
        Bench.Row row = Bench.freshness(2, Tools.logs().resolve("bench"));
        System.out.println(Bench.markdown(List.of(row)));
        assertTrue(row.ratio() > 0 && Double.isFinite(row.ratio()), "a time was measured: " + row);
    }

    @Test
    void theEmbeddingRowsRunAndRender() {
        List<Bench.Row> rows = Bench.embedding(64, Tools.logs().resolve("bench"));
        String table = Bench.markdown(rows);
        System.out.println(table);
        assertTrue(rows.size() == 4, "three batch sizes and the memory row: " + rows);
        for (Bench.Row row : rows) {
            assertTrue(row.ratio() > 0 && Double.isFinite(row.ratio()), "a ratio was measured: " + row);
        }
        assertTrue(table.contains("| Embedding: images/s, batch 32, 64 images |"), table);
    }

    /** A small drop through a host with latency and stragglers (a fifth of its answers 1 s late): every token ends embedded and on the map. */
    @Test
    void theIngestRowRunsThroughAHostWithStragglers() {
        var delays = new StaticServer.Delays(Duration.ofMillis(50), 0.2, Duration.ofSeconds(1), 3);
        IngestBench.Result result = IngestBench.measure(new IngestBench.Run(Drop.Style.PIXEL, 120, delays, "a slow host"),
                Tools.logs().resolve("bench"));
        String table = Bench.markdown(List.of(result.row()));
        System.out.println(table);
        assertTrue(table.contains("| Ingest: 120-token pixel drop, a slow host | "), table);
        assertEquals(120, result.embedded(), "every token embedded: " + result);
        assertEquals(0, result.failed(), "none failed: " + result);
        assertTrue(result.delayed().stragglers() > 0, "the host kept some answers back: " + result.delayed());
    }

    @Test
    void theLayoutRowsRunAndRender() {
        List<Bench.Row> rows = Bench.layout(new int[] {600}, Tools.logs().resolve("bench"));
        String table = Bench.markdown(rows);
        System.out.println(table);
        assertTrue(rows.size() == 2, "UMAP beside umap-learn and the grid beside sorted columns: " + rows);
        assertTrue(rows.get(0).ratio() > 0 && Double.isFinite(rows.get(0).ratio()), "a time was measured: " + rows.get(0));
        assertTrue(rows.get(1).ratio() > 1, "the grid keeps more neighbours than sorted columns: " + rows.get(1));
    }

    @Test
    void theExplorerRowRunsAndRenders() {
        Bench.Row row = Bench.explorer(1500, Tools.logs().resolve("bench"));
        String table = Bench.markdown(List.of(row));
        System.out.println(table);
        assertTrue(row.ratio() > 0 && Double.isFinite(row.ratio()), "draws were timed: " + row);
        assertTrue(table.contains("| Explorer: draw time per frame, 1500 tokens |"), table);
    }

    /**
     * The quality run on a small generated pixel drop, with the floors it must hold: every answer
     * by the adapted descriptor, and per trait at least nine tenths of the model alone (the
     * descriptor must not trade a trait away) and above random by at least half of what the model
     * alone gains over it.
     */
    @Test
    void theQualityRowsHoldTheirFloorsOnASmallDrop() {
        QualityBench.Result result = QualityBench.measure(Drop.Style.PIXEL, 200, 200, Tools.logs().resolve("bench"));
        result.agreements().forEach(System.out::println);
        assertEquals("{adapted=200}", result.descriptors(), "every /similar answer used the adapted descriptor");
        for (QualityBench.Agreement a : result.agreements()) {
            assertTrue(a.daemon() >= 0.9 * a.model(), "no trait traded away: " + a);
            // Some traits barely show in 24 px art (a mouth is a few pixels): the floor is half of what
            // the model alone gains over random there, not a fixed margin the model itself misses.
            assertTrue(a.daemon() > a.random() && a.daemon() - a.random() >= 0.5 * (a.model() - a.random()),
                    "above random by at least half the model's own gain: " + a);
        }
    }

    /**
     * The copymint run on a small painted drop: copies that keep the picture (re-encoded, resized,
     * flipped, turned, framed) are each grouped with their original and with nothing else of the
     * drop, although the drop's siblings look alike (the old hash found no flipped, turned or framed copy).
     */
    @Test
    void theCopymintRowsFindEveryCopyThatKeepsThePicture() {
        List<CopycatBench.Found> found = CopycatBench.measure(100, 3, Tools.logs().resolve("bench"));
        found.forEach(System.out::println);
        for (CopycatBench.Found f : found) {
            switch (f.edit()) {
                case REENCODE, RESIZE, FLIP, ROTATE, BORDER -> {
                    assertEquals(1.0, f.recall(), "every copy found: " + f);
                    assertEquals(1.0, f.precision(), "only with its original: " + f);
                }
                default -> assertTrue(f.precision() >= 0.5, "mostly with its original: " + f);
            }
        }
    }
}
