package io.tokenatlas.chain;

import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.config.ChainConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** One {@link ChainNode} per configured chain, built on first use. */
@ApplicationScoped
public class ChainNodes {
    private final AtlasConfig config;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final Map<Long, ChainNode> nodes = new ConcurrentHashMap<>();

    public ChainNodes(AtlasConfig config, io.micrometer.core.instrument.MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    public ChainNode node(long chainId) {
        return nodes.computeIfAbsent(chainId, this::connect);
    }

    public ChainConfig chain(long chainId) {
        ChainConfig chain = config.chains().get(Long.toString(chainId));
        if (chain == null) {
            throw new UnknownChainException(chainId);
        }
        return chain;
    }

    /** Every configured chain id, in order. */
    public List<Long> chainIds() {
        return new TreeMap<>(config.chains()).keySet().stream().map(Long::parseLong).sorted().toList();
    }

    private ChainNode connect(long chainId) {
        ChainConfig chain = chain(chainId);
        long timeout = chain.timeout().toMillis();
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(new RetryAfter())
                .addNetworkInterceptor(new BoundedAnswers(chain.maxResponseBytes()))
                .connectTimeout(Math.min(timeout, 5_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .callTimeout(timeout, TimeUnit.MILLISECONDS)
                .build();
        List<RpcEndpoint> endpoints = chain.rpcUrls().stream()
                .map(url -> new RpcEndpoint(url, Web3j.build(new HttpService(url, http))))
                .toList();
        return new ChainNode(chainId, endpoints, chain, meters);
    }

    @PreDestroy
    void close() {
        nodes.values().forEach(ChainNode::shutdown);
    }
}
