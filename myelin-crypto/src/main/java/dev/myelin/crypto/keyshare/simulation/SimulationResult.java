package dev.myelin.crypto.keyshare.simulation;

/**
 * What a simulated run cost and how well it served the call.
 *
 * @param changes            membership changes in the scenario
 * @param keyMessages        to-device key messages sent (one per recipient per key)
 * @param convergeP50Ms      median time from a change until every member can decrypt every sender
 * @param convergeMaxMs      worst such time
 * @param blackoutMsPerPair  time a (receiver, sender) pair could not decrypt, summed over the run, averaged over pairs
 * @param exposureMaxMs      worst time after a leave until every remaining sender used a key made after it
 * @param sendsToDeparted    key or epoch messages addressed to a participant after it left (must be 0)
 * @param lackingPairsAtEnd  (receiver, sender) pairs that could not decrypt when the run ended
 * @param keylessAtEnd       members that had no key to send with when the run ended
 */
public record SimulationResult(
        int changes,
        long keyMessages,
        long convergeP50Ms,
        long convergeMaxMs,
        double blackoutMsPerPair,
        long exposureMaxMs,
        long sendsToDeparted,
        long lackingPairsAtEnd,
        long keylessAtEnd) {

    public double messagesPerChange() {
        return changes == 0 ? 0 : (double) keyMessages / changes;
    }
}
