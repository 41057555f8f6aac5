package dev.myelin.authservice.request;

import dev.myelin.protocol.error.MatrixException;

/** The deprecated in-request delegation of a delayed leave event: both parts or neither. */
final class DelayParameters {
    private DelayParameters() {
    }

    static void validate(String delayId, long delayTimeout) {
        boolean all = !delayId.isEmpty() && delayTimeout > 0;
        boolean any = !delayId.isEmpty() || delayTimeout > 0;
        if (any && !all) {
            throw MatrixException.badJson("The request body is missing `delay_id` or `delay_timeout`");
        }
    }
}
