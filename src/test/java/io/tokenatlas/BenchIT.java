package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.Bench;
import io.tokenatlas.testkit.Tools;
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
}
