package io.tokenatlas.chain;

import io.tokenatlas.config.AtlasConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** One {@link ChainNode} per configured chain, built on first use. */
@ApplicationScoped
public class ChainNodes {
    private final AtlasConfig config;
    private final Map<Long, ChainNode> nodes = new ConcurrentHashMap<>();
    private final Map<Long, Web3j> clients = new ConcurrentHashMap<>();

    public ChainNodes(AtlasConfig config) {
        this.config = config;
    }

    public ChainNode node(long chainId) {
        return nodes.computeIfAbsent(chainId, id -> new ChainNode(id, clients.computeIfAbsent(id, this::connect)));
    }

    public AtlasConfig.Chain chain(long chainId) {
        AtlasConfig.Chain chain = config.chains().get(Long.toString(chainId));
        if (chain == null) {
            throw new UnknownChainException(chainId);
        }
        return chain;
    }

    private Web3j connect(long chainId) {
        AtlasConfig.Chain chain = chain(chainId);
        long timeout = chain.timeout().toMillis();
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .callTimeout(timeout, TimeUnit.MILLISECONDS)
                .build();
        return Web3j.build(new HttpService(chain.rpcUrl(), http));
    }

    @PreDestroy
    void close() {
        clients.values().forEach(Web3j::shutdown);
    }
}
