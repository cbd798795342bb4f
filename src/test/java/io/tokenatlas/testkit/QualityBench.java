package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.embedding.ColourDescriptor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * How well /similar keeps traits on a generated drop ({@link Drop}), per trait type: agreement@10
 * is the share of the 10 neighbours with the query's value, averaged per value and then over
 * values (so rare values count as much as common ones); for the accessories, a set per token, the
 * Jaccard index of the sets. The daemon's answers (through the API, with its default settings) are
 * set beside single descriptors computed here from its stored vectors (the model part alone, the
 * colour part alone) and beside random neighbours.
 */
public final class QualityBench {
    static final int K = 10;
    static final long SEED = 17;

    /** The figures of one trait type: the daemon, each single descriptor, and random neighbours. */
    public record Agreement(String trait, double daemon, double model, double colour, double random) {
        double bestSingle() {
            return Math.max(model, colour);
        }
    }

    /** What one run measured, with what it was measured on (the stored vectors and the ground truth). */
    public record Result(Drop.Style style, int tokens, int queries, List<Agreement> agreements, double ingestSeconds,
            Map<Integer, float[]> vectors, Map<Integer, Drop.Token> truth, List<Integer> queryIds, String descriptors) {}

    private QualityBench() {}

    public static List<Bench.Row> rows(Drop.Style style, int tokens, Path logs) {
        Result result = measure(style, tokens, 1_000, logs);
        List<Bench.Row> rows = new ArrayList<>();
        for (Agreement a : result.agreements()) {
            double goal = a.bestSingle();
            rows.add(new Bench.Row("Quality: " + a.trait() + " agreement@" + K + ", " + style.name().toLowerCase()
                    + ", " + tokens + " tokens",
                    String.format("%.3f (/similar, default settings)", a.daemon()),
                    String.format("%.3f (best single: model %.3f, colour %.3f)", goal, a.model(), a.colour()),
                    a.daemon() / goal, ">= 1.00 and >= model alone", a.daemon() >= goal - 1e-9 && a.daemon() >= a.model(),
                    String.format("random %.3f; %s over %d queries; answers by descriptor %s", a.random(),
                            a.trait().equals(Drop.ACCESSORY) ? "Jaccard of the sets" : "macro over values",
                            result.queries(), result.descriptors())));
        }
        return rows;
    }

    /** Publishes a drop of {@code tokens}, indexes it with a daemon at its defaults, and measures. */
    public static Result measure(Drop.Style style, int tokens, int maxQueries, Path logs) {
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil-quality.log"));
             StaticServer http = new StaticServer();
             ChainWriter chain = new ChainWriter(anvil.rpcUrl())) {
            String address = Drop.publish(chain, http, style, tokens, SEED);
            TestDatabase.reset(TestDatabase.NAME);
            Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), "http://127.0.0.1:9");
            try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-quality.log"), 0)) {
                AtlasClient api = new AtlasClient(daemon.url());
                long start = System.nanoTime();
                String url = api.register(Anvil.CHAIN_ID, address).location();
                Waits.until(Duration.ofSeconds(120 + tokens / 2), tokens + " tokens embedded", () -> {
                    JsonNode counts = api.get(url).body().get("tokens");
                    return counts.get("embedded").asLong() + counts.get("failed").asLong() >= tokens ? true : null;
                });
                double ingest = (System.nanoTime() - start) / 1e9;
                long collectionId = api.get(url).body().get("id").asLong();
                // The map is recomputed (and the descriptor fitted) as the collection grows; the
                // last tokens are projected by the upkeep that follows.
                try {
                    Waits.until(Duration.ofMinutes(3), "every token's adapted vector", () ->
                            adaptedCount(collectionId) >= storedVectors(collectionId).size() ? true : null);
                } catch (AssertionError e) {
                    // measured as it is: the answers say which descriptor they used
                }
                Map<Integer, float[]> vectors = storedVectors(collectionId);
                Map<Integer, Drop.Token> truth = new LinkedHashMap<>();
                for (int id : vectors.keySet()) {
                    truth.put(id, Drop.token(SEED, id));
                }
                List<Integer> queries = queries(truth, style, maxQueries);
                Map<Integer, List<Integer>> daemonAnswers = new HashMap<>();
                Map<String, Integer> descriptors = new java.util.TreeMap<>();
                for (int q : queries) {
                    AtlasClient.Answer answer = api.get(url + "/tokens/" + q + "/similar?k=" + K);
                    if (answer.status() != 200) {
                        throw new IllegalStateException("/similar of token " + q + " answered " + answer.status()
                                + ": " + answer.body());
                    }
                    descriptors.merge(answer.body().get("descriptor").asText(), 1, Integer::sum);
                    List<Integer> ids = new ArrayList<>();
                    for (JsonNode n : answer.body().get("results")) {
                        ids.add(n.get("tokenId").asInt());
                    }
                    daemonAnswers.put(q, ids);
                }
                int modelDimension = vectors.values().iterator().next().length - ColourDescriptor.DIMENSION;
                Map<Integer, float[]> model = part(vectors, 0, modelDimension);
                Map<Integer, float[]> colour = part(vectors, modelDimension, ColourDescriptor.DIMENSION);
                Random random = new Random(SEED);
                List<Integer> ids = new ArrayList<>(truth.keySet());
                IntFunction<List<Integer>> randomAnswer = q -> {
                    List<Integer> out = new ArrayList<>();
                    while (out.size() < K) {
                        int id = ids.get(random.nextInt(ids.size()));
                        if (id != q && !out.contains(id)) {
                            out.add(id);
                        }
                    }
                    return out;
                };
                List<Agreement> agreements = new ArrayList<>();
                Map<Integer, List<Integer>> modelAnswers = nearest(model, queries);
                Map<Integer, List<Integer>> colourAnswers = nearest(colour, queries);
                Map<Integer, List<Integer>> randomAnswers = new HashMap<>();
                queries.forEach(q -> randomAnswers.put(q, randomAnswer.apply(q)));
                List<String> traits = new ArrayList<>(Drop.traitTypes(style));
                traits.add(Drop.ACCESSORY);
                for (String trait : traits) {
                    agreements.add(new Agreement(trait, agreement(trait, truth, daemonAnswers),
                            agreement(trait, truth, modelAnswers), agreement(trait, truth, colourAnswers),
                            agreement(trait, truth, randomAnswers)));
                }
                return new Result(style, tokens, queries.size(), agreements, ingest, vectors, truth, queries,
                        descriptors.toString());
            }
        }
    }

    /** Every token when there are few; else a fixed sample, with every token of a value held by fewer than 20. */
    static List<Integer> queries(Map<Integer, Drop.Token> truth, Drop.Style style, int max) {
        if (truth.size() <= max) {
            return new ArrayList<>(truth.keySet());
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Drop.Token t : truth.values()) {
            for (String type : Drop.traitTypes(style)) {
                counts.merge(type + "=" + t.trait(type), 1, Integer::sum);
            }
        }
        Set<Integer> chosen = new TreeSet<>();
        for (Drop.Token t : truth.values()) {
            for (String type : Drop.traitTypes(style)) {
                if (counts.get(type + "=" + t.trait(type)) < 20) {
                    chosen.add(t.id());
                }
            }
        }
        List<Integer> ids = new ArrayList<>(truth.keySet());
        java.util.Collections.shuffle(ids, new Random(SEED));
        for (int id : ids) {
            if (chosen.size() >= max) {
                break;
            }
            chosen.add(id);
        }
        return new ArrayList<>(chosen);
    }

    /**
     * Agreement@K of {@code answers} on {@code trait}: categorical traits macro-averaged over values
     * held by at least two tokens; the accessory sets by Jaccard (two empty sets agree).
     */
    static double agreement(String trait, Map<Integer, Drop.Token> truth, Map<Integer, List<Integer>> answers) {
        if (trait.equals(Drop.ACCESSORY)) {
            double sum = 0;
            for (var e : answers.entrySet()) {
                Set<String> mine = truth.get(e.getKey()).accessories();
                double each = 0;
                for (int n : e.getValue()) {
                    each += jaccard(mine, truth.get(n).accessories());
                }
                sum += each / K;
            }
            return sum / answers.size();
        }
        Map<String, Integer> holders = new HashMap<>();
        truth.values().forEach(t -> holders.merge(t.trait(trait), 1, Integer::sum));
        Map<String, double[]> perValue = new HashMap<>();
        for (var e : answers.entrySet()) {
            String value = truth.get(e.getKey()).trait(trait);
            if (holders.get(value) < 2) {
                continue;
            }
            long same = e.getValue().stream().filter(n -> truth.get(n).trait(trait).equals(value)).count();
            double[] acc = perValue.computeIfAbsent(value, v -> new double[2]);
            acc[0] += (double) same / Math.min(K, holders.get(value) - 1);
            acc[1]++;
        }
        return perValue.values().stream().mapToDouble(a -> a[0] / a[1]).average().orElse(0);
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        long common = a.stream().filter(b::contains).count();
        return (double) common / union.size();
    }

    /** Exact cosine neighbours (the vectors are unit length). */
    static Map<Integer, List<Integer>> nearest(Map<Integer, float[]> vectors, List<Integer> queries) {
        List<Integer> ids = new ArrayList<>(vectors.keySet());
        Map<Integer, List<Integer>> out = new HashMap<>();
        for (int q : queries) {
            float[] v = vectors.get(q);
            double[] scores = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                float[] u = vectors.get(ids.get(i));
                double dot = 0;
                for (int d = 0; d < v.length; d++) {
                    dot += v[d] * u[d];
                }
                scores[i] = ids.get(i) == q ? Double.NEGATIVE_INFINITY : dot;
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(scores[b], scores[a]));
            out.put(q, order.subList(0, Math.min(K, order.size())).stream().map(ids::get).toList());
        }
        return out;
    }

    /** Dimensions [from, from + length) of each vector, made unit length. */
    static Map<Integer, float[]> part(Map<Integer, float[]> vectors, int from, int length) {
        Map<Integer, float[]> out = new LinkedHashMap<>();
        vectors.forEach((id, v) -> {
            float[] p = java.util.Arrays.copyOfRange(v, from, from + length);
            double norm = 0;
            for (float x : p) {
                norm += x * x;
            }
            double inv = norm == 0 ? 0 : 1 / Math.sqrt(norm);
            for (int i = 0; i < p.length; i++) {
                p[i] *= (float) inv;
            }
            out.put(id, p);
        });
        return out;
    }

    static long adaptedCount(long collectionId) {
        return Long.parseLong(TestDatabase.query(TestDatabase.NAME,
                "SELECT count(*) FROM adapted_vector WHERE collection_id = " + collectionId).getFirst().getFirst());
    }

    /** The daemon's stored vectors of the collection (its serving model), by token id. */
    static Map<Integer, float[]> storedVectors(long collectionId) {
        try (Connection c = TestDatabase.connect(TestDatabase.NAME);
             PreparedStatement ps = c.prepareStatement("""
                     SELECT e.token_id, e.vector::text FROM embedding e JOIN collection c ON c.id = e.collection_id
                      WHERE e.collection_id = ? AND e.model_id = c.serving_model_id ORDER BY e.token_id""")) {
            ps.setLong(1, collectionId);
            Map<Integer, float[]> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] parts = rs.getString(2).substring(1, rs.getString(2).length() - 1).split(",");
                    float[] v = new float[parts.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Float.parseFloat(parts[i]);
                    }
                    out.put(rs.getInt(1), v);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Descriptors that could replace the stored one, computed from the stored parts: the hybrid at
     * other colour weights, and the model part centred and PCA-whitened on the collection itself.
     * Prints one line per descriptor with its agreement per trait type.
     */
    public static void study(Result r) {
        int modelDimension = r.vectors().values().iterator().next().length - ColourDescriptor.DIMENSION;
        Map<Integer, float[]> model = part(r.vectors(), 0, modelDimension);
        Map<Integer, float[]> colour = part(r.vectors(), modelDimension, ColourDescriptor.DIMENSION);
        Map<String, Map<Integer, float[]>> variants = new LinkedHashMap<>();
        variants.put("model", model);
        variants.put("colour", colour);
        variants.put("stored (hybrid, colour 0.35)", hybrid(model, colour, 0.35));
        Map<Integer, float[]> model128 = whitened(model, 128);
        variants.put("model whitened 128", model128);
        io.tokenatlas.embedding.AdaptedDescriptor fit = io.tokenatlas.embedding.AdaptedDescriptor.fit(
                new ArrayList<>(r.vectors().values()), modelDimension);
        Map<Integer, float[]> adapted = new LinkedHashMap<>();
        r.vectors().forEach((id, v) -> adapted.put(id, fit.project(v)));
        variants.put("adapted (the daemon's fit)", adapted);
        Map<Integer, float[]> colour32 = whitened(colour, 32);
        for (double w : new double[] {0.3, 0.5}) {
            variants.put("whitened 128 + whitened colour 32 w=" + w, hybrid(model128, colour32, w));
        }
        List<String> traits = new ArrayList<>(Drop.traitTypes(r.style()));
        traits.add(Drop.ACCESSORY);
        System.out.printf("%-34s %s%n", r.style() + " " + r.tokens(), String.join(" | ", traits));
        variants.forEach((name, vectors) -> {
            Map<Integer, List<Integer>> answers = nearest(vectors, r.queryIds());
            StringBuilder line = new StringBuilder(String.format("%-34s", name));
            for (String trait : traits) {
                line.append(String.format(" %.3f", agreement(trait, r.truth(), answers)));
            }
            System.out.println(line);
        });
        for (double lambda : new double[] {0.5, 1, 2}) {
            Map<Integer, List<Integer>> answers = rerank(adapted, colour, r.queryIds(), 50, lambda);
            StringBuilder line = new StringBuilder(String.format("%-34s", "adapted top 50 + colour x" + lambda));
            for (String trait : traits) {
                line.append(String.format(" %.3f", agreement(trait, r.truth(), answers)));
            }
            System.out.println(line);
        }
    }

    /** The {@code candidates} nearest by {@code first}, ordered by their cosine plus lambda times their cosine by {@code second}. */
    static Map<Integer, List<Integer>> rerank(Map<Integer, float[]> first, Map<Integer, float[]> second,
            List<Integer> queries, int candidates, double lambda) {
        Map<Integer, List<Integer>> out = new HashMap<>();
        for (int q : queries) {
            List<Integer> near = nearestOf(first, q, candidates);
            List<Integer> order = new ArrayList<>(near);
            Map<Integer, Double> score = new HashMap<>();
            for (int id : near) {
                score.put(id, dot(first.get(q), first.get(id)) + lambda * dot(second.get(q), second.get(id)));
            }
            order.sort((a, b) -> Double.compare(score.get(b), score.get(a)));
            out.put(q, order.subList(0, Math.min(K, order.size())));
        }
        return out;
    }

    static List<Integer> nearestOf(Map<Integer, float[]> vectors, int q, int n) {
        List<Integer> ids = new ArrayList<>(vectors.keySet());
        ids.remove(Integer.valueOf(q));
        ids.sort((a, b) -> Double.compare(dot(vectors.get(q), vectors.get(b)), dot(vectors.get(q), vectors.get(a))));
        return ids.subList(0, Math.min(n, ids.size()));
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Centred on the collection's mean, projected on its first {@code dims} principal axes, each scaled to unit variance, unit length. */
    static Map<Integer, float[]> whitened(Map<Integer, float[]> vectors, int dims) {
        List<Integer> ids = new ArrayList<>(vectors.keySet());
        double[][] data = new double[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            float[] v = vectors.get(ids.get(i));
            data[i] = new double[v.length];
            for (int d = 0; d < v.length; d++) {
                data[i][d] = v[d];
            }
        }
        smile.feature.extraction.PCA pca = smile.feature.extraction.PCA.fit(data);
        int k = Math.min(dims, ids.size() - 1);
        smile.tensor.Vector variance = pca.variance();
        double[][] projected = pca.getProjection(k).apply(data);
        Map<Integer, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            float[] w = new float[k];
            for (int d = 0; d < k; d++) {
                w[d] = (float) (projected[i][d] / Math.sqrt(Math.max(variance.get(d), 1e-9)));
            }
            out.put(ids.get(i), io.tokenatlas.embedding.Vectors.normalise(w));
        }
        return out;
    }

    static Map<Integer, float[]> hybrid(Map<Integer, float[]> model, Map<Integer, float[]> colour, double w) {
        Map<Integer, float[]> out = new LinkedHashMap<>();
        model.forEach((id, m) -> out.put(id, ColourDescriptor.hybrid(m, colour.get(id), (float) w)));
        return out;
    }

    /** {@code QualityBench STYLE TOKENS}: the quality figures of one style and the descriptor study. */
    public static void main(String[] args) {
        Drop.Style style = Drop.Style.valueOf(args.length > 0 ? args[0] : "PIXEL");
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path saved = Tools.root().resolve(".atlas/bench/vectors-" + style + "-" + tokens + ".txt");
        Result r;
        if (java.nio.file.Files.exists(saved)) {
            Map<Integer, float[]> vectors = load(saved);
            Map<Integer, Drop.Token> truth = new LinkedHashMap<>();
            vectors.keySet().forEach(id -> truth.put(id, Drop.token(SEED, id)));
            r = new Result(style, tokens, 0, List.of(), 0, vectors, truth, queries(truth, style, 1_000), "");
        } else {
            r = measure(style, tokens, 1_000, Tools.root().resolve(".atlas/bench"));
            save(r.vectors(), saved);
            for (Agreement a : r.agreements()) {
                System.out.println(a);
            }
        }
        study(r);
        System.exit(0);
    }

    static void save(Map<Integer, float[]> vectors, Path file) {
        StringBuilder out = new StringBuilder();
        vectors.forEach((id, v) -> {
            out.append(id);
            for (float x : v) {
                out.append(' ').append(x);
            }
            out.append('\n');
        });
        try {
            java.nio.file.Files.writeString(file, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<Integer, float[]> load(Path file) {
        Map<Integer, float[]> out = new LinkedHashMap<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String[] parts = line.split(" ");
                float[] v = new float[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    v[i - 1] = Float.parseFloat(parts[i]);
                }
                out.put(Integer.parseInt(parts[0]), v);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
