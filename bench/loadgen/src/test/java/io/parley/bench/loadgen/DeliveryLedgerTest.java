package io.parley.bench.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveryLedgerTest {

    // 6 clients, 2 rooms (r0 = {0,2,4}, r1 = {1,3,5}), publishers 0 and 1
    private final ChatTopology topology = new ChatTopology(6, 2, 2);

    @Test
    void topologyAssignsRoomsAndFanOut() {
        assertEquals(0, topology.roomOf(4));
        assertEquals(1, topology.roomOf(5));
        assertEquals(3, topology.fanOut(0));
        assertEquals(3, topology.fanOut(1));
        assertEquals(1, topology.publishersOfRoom(0).length);
        assertEquals(0, topology.slotInRoom(1));
    }

    @Test
    void countsExpectedDeliveredAndMissing() {
        DeliveryLedger ledger = new DeliveryLedger(topology);
        ledger.setWindow(100, 200);
        ledger.recordSent(0, 110); // seq 0
        ledger.recordSent(0, 120); // seq 1
        ledger.recordSent(1, 130); // seq 0
        assertEquals(3, ledger.sentInWindow());
        assertEquals(9, ledger.expected());

        for (int receiver : new int[] {0, 2, 4}) {
            ledger.recordDelivery(receiver, 0, 0, 110);
            ledger.recordDelivery(receiver, 0, 1, 120);
        }
        ledger.recordDelivery(1, 1, 0, 130);
        ledger.recordDelivery(3, 1, 0, 130);
        // receiver 5 never gets publisher 1's message

        assertEquals(8, ledger.delivered());
        assertEquals(1, ledger.missing());
        assertEquals(0, ledger.duplicated());
        assertEquals(0, ledger.outOfOrder());
    }

    @Test
    void aRefusedSendIsExpectedNowhereAndItsDeliveriesAreCountedApart() {
        DeliveryLedger ledger = new DeliveryLedger(topology);
        ledger.setWindow(100, 200);
        ledger.recordSent(0, 110); // seq 0, refused
        ledger.recordSent(0, 120); // seq 1, accepted
        ledger.recordSent(1, 130); // seq 0, refused, but delivered to one receiver all the same
        ledger.recordRefused(0, 0, 110);
        ledger.recordRefused(1, 0, 130);
        ledger.recordRefused(1, 0, 130); // the same refusal twice counts once
        ledger.recordRefused(0, 5, 90); // before the window: not measured
        for (int receiver : new int[] {0, 2, 4}) {
            ledger.recordDelivery(receiver, 0, 1, 120);
        }
        ledger.recordDelivery(3, 1, 0, 130);
        ledger.freeze();

        assertEquals(3, ledger.sentInWindow());
        assertEquals(2, ledger.refused());
        assertEquals(3, ledger.expected());
        assertEquals(1, ledger.deliveredOfRefused());
        assertEquals(0, ledger.missing());
    }

    @Test
    void anAcceptedSendThatDoesNotArriveIsMissingEvenBesideARefusedOneThatDid() {
        DeliveryLedger ledger = new DeliveryLedger(topology);
        ledger.setWindow(100, 200);
        ledger.recordSent(0, 110); // seq 0, accepted, reaches 2 of 3
        ledger.recordSent(0, 120); // seq 1, refused, reaches 1
        ledger.recordRefused(0, 1, 120);
        ledger.recordDelivery(0, 0, 0, 110);
        ledger.recordDelivery(2, 0, 0, 110);
        ledger.recordDelivery(4, 0, 1, 120);
        ledger.freeze();

        assertEquals(3, ledger.expected());
        assertEquals(1, ledger.deliveredOfRefused());
        assertEquals(1, ledger.missing());
    }

    @Test
    void detectsDuplicatesAndOutOfOrder() {
        DeliveryLedger ledger = new DeliveryLedger(topology);
        ledger.setWindow(0, Long.MAX_VALUE);
        for (int i = 0; i < 3; i++) {
            ledger.recordSent(0, 10 + i);
        }
        assertEquals(DeliveryLedger.Outcome.FIRST, ledger.recordDelivery(2, 0, 0, 10));
        assertEquals(DeliveryLedger.Outcome.FIRST, ledger.recordDelivery(2, 0, 2, 12));
        assertEquals(DeliveryLedger.Outcome.FIRST, ledger.recordDelivery(2, 0, 1, 11)); // late
        assertEquals(DeliveryLedger.Outcome.DUPLICATE, ledger.recordDelivery(2, 0, 2, 12));
        assertEquals(3, ledger.delivered());
        assertEquals(1, ledger.outOfOrder());
        assertEquals(1, ledger.duplicated());
        // same sequence numbers on another receiver's stream are independent
        assertEquals(DeliveryLedger.Outcome.FIRST, ledger.recordDelivery(4, 0, 2, 12));
        assertEquals(0, ledger.misrouted());
    }

    @Test
    void rejectsDeliveriesFromAnotherRoom() {
        DeliveryLedger ledger = new DeliveryLedger(topology);
        ledger.setWindow(0, Long.MAX_VALUE);
        assertEquals(DeliveryLedger.Outcome.MISROUTED, ledger.recordDelivery(1, 0, 0, 10)); // r1 member, r0 publisher
        assertEquals(DeliveryLedger.Outcome.MISROUTED, ledger.recordDelivery(1, 99, 0, 10)); // unknown publisher
        assertEquals(2, ledger.misrouted());
        assertEquals(0, ledger.delivered());
    }

    @Test
    void messagesOutsideTheWindowAreTrackedButNotCounted() {
        DeliveryLedger ledger = new DeliveryLedger(topology);
        ledger.setWindow(100, 200);
        ledger.recordSent(0, 50);   // warmup
        ledger.recordSent(0, 150);  // measured
        ledger.recordSent(0, 250);  // after the window
        assertEquals(1, ledger.sentInWindow());
        assertEquals(DeliveryLedger.Outcome.OUTSIDE_WINDOW, ledger.recordDelivery(0, 0, 0, 50));
        assertEquals(DeliveryLedger.Outcome.FIRST, ledger.recordDelivery(0, 0, 1, 150));
        assertEquals(DeliveryLedger.Outcome.OUTSIDE_WINDOW, ledger.recordDelivery(0, 0, 2, 250));
        assertEquals(DeliveryLedger.Outcome.OUTSIDE_WINDOW, ledger.recordDelivery(0, 0, 0, 50)); // dup of warmup
        assertEquals(1, ledger.delivered());
        assertEquals(0, ledger.duplicated());
        assertEquals(2, ledger.missing()); // receivers 2 and 4 never got seq 1
        assertEquals(4, ledger.receivedTotal());
    }

    @Test
    void freezingStopsTheCounting() {
        DeliveryLedger ledger = new DeliveryLedger(topology);
        ledger.setWindow(0, Long.MAX_VALUE);
        ledger.recordSent(0, 10);
        ledger.recordDelivery(0, 0, 0, 10);
        ledger.freeze();
        assertEquals(DeliveryLedger.Outcome.AFTER_FREEZE, ledger.recordDelivery(2, 0, 0, 10));
        assertEquals(1, ledger.delivered());
        assertEquals(2, ledger.missing());
        assertEquals(1, ledger.afterFreeze());
    }
}
