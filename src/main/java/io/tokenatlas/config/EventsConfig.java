package io.tokenatlas.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The event stream and webhooks ({@code atlas.events.*}). */
public interface EventsConfig {
    /** How often each replica orders newly committed events and looks for new ones to stream or deliver. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How long events are kept: a stream or webhook may resume from anywhere within it. */
    @WithDefault("7d")
    Duration retention();

    /** Event streams (/api/v1/events) one replica serves at once; more are answered 503. */
    @WithDefault("256")
    int maxStreams();

    /** How often an idle event stream sends a comment, so that proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();

    /** Webhooks: how long a receiver may take to answer one delivery. */
    @WithDefault("10s")
    Duration webhookTimeout();

    /** Webhooks: the longest wait between two attempts at a failing receiver (the wait doubles from 1 s). */
    @WithDefault("1h")
    Duration webhookMaxBackoff();

    /** Webhooks: receivers delivered to at once by one replica. */
    @WithDefault("16")
    int webhookConcurrency();
}
