package io.tokenatlas.testkit;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * kill -9 of the daemon at random moments during backfill and following (while tokens are being
 * minted, transferred and burned), then a last start that finishes the work. Checks that every
 * token is present exactly once, each embedded once, and that no block was skipped (the daemon's
 * applied Transfer logs equal the chain's). Used by CrashLoopIT and scripts/faults.
 */
public final class CrashLoop {
    /** The outcome: what was checked, with the numbers for the summary. */
    public record Result(int kills, int tokens, int logs, List<String> problems) {
        public String summary() {
            return String.format("%d kills, %d tokens, %d Transfer logs: %s", kills, tokens, logs,
                    problems.isEmpty() ? "every token present once, embedded once, no block skipped"
                            : String.join("; ", problems));
        }
    }

    private CrashLoop() {}

    /** Runs the loop with its logs in {@code target/it-logs/<name>/}. */
    public static Result run(int kills, int initialTokens, long seed, String name) {
        Random random = new Random(seed);
        try (RealParts parts = RealParts.start(name)) {
            ChainWriter chain = parts.chain();
            IpfsGateway ipfs = parts.ipfs();
            StaticServer http = parts.http();
            DemoCollection collection = DemoCollection.publish(chain, ipfs, http, initialTokens, seed, i -> { });
            Map<String, String> config = parts.config();
            config.put("atlas.worker.lease", "3s");
            // The kills are ours, not the tokens': a token in flight at several kills is not a token that kills.
            config.put("atlas.worker.max-lost-leases", "1000");
            config.put("atlas.chains.\"31337\".log-window", "3");
            AtomicBoolean minting = new AtomicBoolean(true);
            DaemonProcess daemon = parts.daemon(config);
            AtlasClient api = new AtlasClient(daemon.url());
            String url = api.register(Anvil.CHAIN_ID, collection.address()).location();
            Thread activity = Thread.ofVirtual().start(() -> chainActivity(chain, collection, ipfs, http, random,
                    minting, initialTokens));
            for (int k = 0; k < kills; k++) {
                Waits.sleep(300 + random.nextInt(2500));
                daemon.kill();
                daemon.start();
            }
            minting.set(false);
            activity.join();
            Map<BigInteger, String> truth = ChainTruth.owners(chain.web3j(), collection.address());
            try {
                Waits.until(Duration.ofMinutes(4), "the daemon to finish", () -> {
                    var counts = api.get(url).body().get("tokens");
                    return counts.get("embedded").asLong() + counts.get("failed").asLong() == truth.size()
                            && ownersInDatabase().equals(truth) ? true : null;
                });
            } catch (AssertionError e) {
                // the checks below say what is wrong
            }
            return check(kills, truth, transferLogs(chain, collection.address()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void chainActivity(ChainWriter chain, DemoCollection collection, IpfsGateway ipfs,
            StaticServer http, Random random, AtomicBoolean running, int minted) {
        int next = minted;
        while (running.get()) {
            int action = random.nextInt(10);
            int some = 1 + random.nextInt(next);
            try {
                if (action < 6) {
                    chain.mint(collection.address(), DemoCollection.prepare(++next, 5, ipfs, http).tokenUri());
                } else if (action < 8) {
                    chain.call(collection.address(), new org.web3j.abi.datatypes.Function("transferFrom", List.of(
                            new org.web3j.abi.datatypes.Address(chain.account()),
                            new org.web3j.abi.datatypes.Address("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
                            new org.web3j.abi.datatypes.generated.Uint256(some)), List.of()));
                } else {
                    chain.burn(collection.address(), BigInteger.valueOf(some));
                }
            } catch (IllegalStateException e) {
                // the token was burned or moved to another owner already: the transaction reverted, nothing changed
            }
            Waits.sleep(150 + random.nextInt(300));
        }
    }

    private static Result check(int kills, Map<BigInteger, String> truth, Set<String> chainLogs) {
        List<String> problems = new ArrayList<>();
        if (!ownersInDatabase().equals(truth)) {
            problems.add("the daemon's tokens and owners differ from the chain's");
        }
        List<List<String>> counts = TestDatabase.query(TestDatabase.NAME, """
                SELECT (SELECT count(*) FROM token WHERE NOT burned AND (embed_count <> 1 OR state <> 'EMBEDDED')),
                       (SELECT count(*) FROM (SELECT token_id FROM embedding GROUP BY token_id HAVING count(*) > 1) d),
                       (SELECT count(*) FROM token t WHERE NOT burned
                           AND NOT EXISTS (SELECT 1 FROM embedding e WHERE e.token_id = t.token_id))
                """);
        if (!counts.getFirst().get(0).equals("0")) {
            problems.add(counts.getFirst().get(0) + " live tokens were not embedded exactly once");
        }
        if (!counts.getFirst().get(1).equals("0") || !counts.getFirst().get(2).equals("0")) {
            problems.add("vectors: " + counts.getFirst().get(1) + " tokens with several, " + counts.getFirst().get(2)
                    + " live tokens with none");
        }
        Set<String> applied = new TreeSet<>();
        for (List<String> row : TestDatabase.query(TestDatabase.NAME,
                "SELECT block_number, log_index FROM transfer_log")) {
            applied.add(row.get(0) + ":" + row.get(1));
        }
        if (!applied.equals(chainLogs)) {
            problems.add("applied Transfer logs differ from the chain's (" + applied.size() + " vs " + chainLogs.size()
                    + "): a block was skipped or applied twice");
        }
        return new Result(kills, truth.size(), chainLogs.size(), problems);
    }

    private static Map<BigInteger, String> ownersInDatabase() {
        Map<BigInteger, String> seen = new TreeMap<>();
        for (List<String> row : TestDatabase.query(TestDatabase.NAME, "SELECT token_id, owner FROM token WHERE NOT burned")) {
            seen.put(new BigInteger(row.get(0)), row.get(1));
        }
        return seen;
    }

    private static Set<String> transferLogs(ChainWriter chain, String address) {
        try {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO),
                    DefaultBlockParameter.valueOf("latest"), address);
            filter.addSingleTopic("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
            Set<String> logs = new TreeSet<>();
            for (EthLog.LogResult<?> r : chain.web3j().ethGetLogs(filter).send().getLogs()) {
                Log log = (Log) r.get();
                logs.add(log.getBlockNumber() + ":" + log.getLogIndex());
            }
            return logs;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }



    /** scripts/faults: {@code CrashLoop [kills] [tokens]}. */
    public static void main(String[] args) {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long started = System.nanoTime();
        Result result = run(kills, tokens, System.currentTimeMillis(), "faults");
        System.out.printf("crash loop (%.0f s): %s%n", (System.nanoTime() - started) / 1e9, result.summary());
        System.exit(result.problems().isEmpty() ? 0 : 1);
    }
}
