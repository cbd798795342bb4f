package io.tokenatlas.chain;

/** The parts of a block the follower keeps: its number, hash and parent's hash. */
public record BlockHeader(long number, String hash, String parentHash) {}
