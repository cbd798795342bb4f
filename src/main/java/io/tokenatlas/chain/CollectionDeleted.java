package io.tokenatlas.chain;

/**
 * A collection was deleted (an event observed after the deleting transaction commits): its rows
 * went with the schema's cascades, tables of its own are for their owners to drop.
 */
public record CollectionDeleted(long id) {}
