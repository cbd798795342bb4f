package io.tokenatlas.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.http.HttpService;

/**
 * The backfill row through a provider: a history shaped like a real drop's (a mint-out, then
 * trades spread over the blocks) read through {@link ProviderProxy} with a provider's latency,
 * caps and 429s, by the daemon (register to caught up, ledger written) beside a plain web3j
 * eth_getLogs loop given the same proxy, the same range and the same caps.
 */
public final class ProviderBench {
    /** The block-range cap: 5,000 blocks in windows of 10 are as many windows as a million in windows of 2,000. */
    static final int CAP = 10;
    static final ProviderProxy.Limits LIMITS = new ProviderProxy.Limits(Duration.ofMillis(30), CAP, 1_000, 200, 1, 100);

    private ProviderBench() {}

    public static Bench.Row row(int tokens, int transfers, int blocks, Path logs) {
        return row(tokens, transfers, blocks, LIMITS, logs);
    }

    /** The row with the proxy's limits given (the block-range cap stays {@link #CAP}). */
    public static Bench.Row row(int tokens, int transfers, int blocks, ProviderProxy.Limits limits, Path logs) {
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil-provider.log"));
             ChainWriter chain = new ChainWriter(anvil.rpcUrl())) {
            ProviderHistory.History history = ProviderHistory.build(anvil, chain, tokens, transfers, blocks, 11);
            double plain;
            try (ProviderProxy proxy = new ProviderProxy(anvil.rpcUrl(), limits)) {
                plain = plainLoop(proxy.url(), history);
            }
            TestDatabase.reset(TestDatabase.NAME);
            Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, "http://127.0.0.1:9", "http://127.0.0.1:9");
            config.put("atlas.worker.enabled", "false");
            config.put("atlas.chains.\"31337\".log-window", Integer.toString(CAP));
            double daemonSeconds;
            ProviderProxy.Counts counts;
            try (ProviderProxy proxy = new ProviderProxy(anvil.rpcUrl(), limits)) {
                config.put("atlas.chains.\"31337\".rpc-urls", proxy.url());
                try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-provider.log"), 0)) {
                    daemonSeconds = Bench.caughtUp(new AtlasClient(daemon.url()), history.address(), history.before() + 1,
                            tokens);
                }
                counts = proxy.counts();
            }
            double ratio = plain / daemonSeconds;
            return new Bench.Row("Backfill through a provider: " + history.logs() + " logs (" + tokens + " mints, "
                    + transfers + " trades) over " + (history.last() - history.before()) + " blocks",
                    String.format("%.0f logs/s (%.1f s, register to caught up)", history.logs() / daemonSeconds, daemonSeconds),
                    String.format("%.0f logs/s (%.1f s, plain web3j getLogs loop through the same proxy)",
                            history.logs() / plain, plain),
                    ratio, ">= 0.80", ratio >= 0.8,
                    "proxy: " + limits.latency().toMillis() + " ms a request, " + CAP + "-block range cap (5,000 blocks in " + CAP + "-block windows are as many"
                            + " windows as a million in 2,000), " + limits.maxResults() + "-log result cap (mint-out windows are over it), a 429 with"
                            + " Retry-After " + limits.retryAfterSeconds() + " s every " + limits.tooManyEvery() + " requests; log-window " + CAP + " for both; the daemon read "
                            + counts.peakInFlight() + " windows at once (" + counts.requests() + " requests, "
                            + counts.resultsRefused() + " over the result cap, " + counts.tooMany() + " 429s) and wrote"
                            + " the ledger and token rows to PostgreSQL");
        }
    }

    /** Seconds for a sequential loop of windows: a refused range is read in halves, a 429 waited out for a second. */
    private static double plainLoop(String url, ProviderHistory.History history) {
        Web3j web3j = Web3j.build(new HttpService(url));
        try {
            long start = System.nanoTime();
            int seen = 0;
            for (long from = history.before() + 1; from <= history.last(); from += CAP) {
                seen += logs(web3j, history.address(), from, Math.min(history.last(), from + CAP - 1));
            }
            if (seen != history.logs()) {
                throw new IllegalStateException("the plain loop saw " + seen + " logs, expected " + history.logs());
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            web3j.shutdown();
        }
    }

    private static int logs(Web3j web3j, String address, long from, long to) {
        while (true) {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address);
            filter.addOptionalTopics("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
                    "0xf8e1a15aba9398e019f0b49df1a4fde98ee17ae345cb5f6b5e2c27f5033e8ce7",
                    "0x6bd5c950a8d8df17f772f5af37cb3655737899cbf903264b9795592da439661c");
            EthLog answer;
            try {
                answer = web3j.ethGetLogs(filter).send();
            } catch (IOException | org.web3j.protocol.exceptions.ClientConnectionException e) {
                // web3j reports an HTTP 429 as a ClientConnectionException with the status in its message.
                if (e.getMessage() != null && e.getMessage().contains(": 429")) {
                    Waits.sleep(1_000);
                    continue;
                }
                throw new IllegalStateException(e);
            }
            if (!answer.hasError()) {
                return answer.getLogs().size();
            }
            if (from == to) {
                throw new IllegalStateException("block " + from + " refused: " + answer.getError().getMessage());
            }
            long middle = from + (to - from) / 2;
            return logs(web3j, address, from, middle) + logs(web3j, address, middle + 1, to);
        }
    }
}
