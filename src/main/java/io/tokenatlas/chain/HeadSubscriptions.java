package io.tokenatlas.chain;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tokenatlas.config.ChainConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jboss.logging.Logger;

/**
 * eth_subscribe newHeads on each chain that has a WebSocket URL: every new head wakes the follower
 * at once. A dropped socket is reopened after a pause; meanwhile the follower polls.
 */
@ApplicationScoped
public class HeadSubscriptions {
    private static final Logger LOG = Logger.getLogger(HeadSubscriptions.class);
    private static final long RECONNECT_SECONDS = 5;
    private static final String SUBSCRIBE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}";

    private final ChainNodes nodes;
    private final ChainFollower follower;
    private final OkHttpClient http = new OkHttpClient.Builder().pingInterval(15, TimeUnit.SECONDS).build();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ws-reconnect").factory());
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    public HeadSubscriptions(ChainNodes nodes, ChainFollower follower) {
        this.nodes = nodes;
        this.follower = follower;
    }

    void start(@Observes StartupEvent event) {
        for (long chainId : nodes.chainIds()) {
            ChainConfig chain = nodes.chain(chainId);
            chain.wsUrl().ifPresent(url -> connect(chainId, url));
        }
    }

    private void connect(long chainId, String url) {
        if (stopping) {
            return;
        }
        sockets.add(http.newWebSocket(new Request.Builder().url(url).build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                socket.send(SUBSCRIBE);
                nodes.node(chainId).webSocketConnected(true);
                LOG.infof("chain %d: subscribed to new heads at %s", chainId, RpcEndpoint.label(url));
            }

            @Override
            public void onMessage(WebSocket socket, String text) {
                if (text.contains("eth_subscription")) {
                    follower.wake(chainId);
                }
            }

            @Override
            public void onClosed(WebSocket socket, int code, String reason) {
                dropped(socket, chainId, url, "closed (" + code + " " + reason + ")");
            }

            @Override
            public void onFailure(WebSocket socket, Throwable t, Response response) {
                dropped(socket, chainId, url, t.getMessage());
            }
        }));
    }

    private void dropped(WebSocket socket, long chainId, String url, String why) {
        sockets.remove(socket);
        nodes.node(chainId).webSocketConnected(false);
        if (!stopping) {
            LOG.warnf("chain %d: the new-heads socket %s dropped: %s; polling until it is back", chainId, RpcEndpoint.label(url), why);
            reconnects.schedule(() -> connect(chainId, url), RECONNECT_SECONDS, TimeUnit.SECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        sockets.forEach(s -> s.close(1000, "shutting down"));
        reconnects.shutdownNow();
    }
}
