package io.parley.events;

/** Common shape of every event of the contract. */
public interface ContractEvent {

    /** Version of the event's schema; see the evolution rule in {@code docs/event-contract.md}. */
    int schemaVersion();

    /** The Kafka record key this event is published with. */
    String key();
}
