package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.ReceiptRepository.Receipt;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the {@code m.receipt} ephemeral event: {@code {eventId: {type: {userId: {ts, thread_id?}}}}}. */
final class Receipts {
    private Receipts() {
    }

    /** Empty when nothing changed; private receipts only for their owner. */
    static List<JsonValue> ephemeral(List<Receipt> receipts, UserId viewer) {
        Map<String, Map<String, JsonObject.Builder>> byEvent = new LinkedHashMap<>();
        for (Receipt receipt : receipts) {
            if (receipt.type().equals("m.read.private") && !receipt.userId().equals(viewer)) {
                continue;
            }
            var info = JsonObject.builder().put("ts", receipt.ts());
            receipt.threadId().ifPresent(thread -> info.put("thread_id", thread));
            byEvent.computeIfAbsent(receipt.eventId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(receipt.type(), k -> JsonObject.builder())
                    .put(receipt.userId().toString(), info.build());
        }
        if (byEvent.isEmpty()) {
            return List.of();
        }
        var content = JsonObject.builder();
        byEvent.forEach((eventId, types) -> {
            var perType = JsonObject.builder();
            types.forEach((type, users) -> perType.put(type, users.build()));
            content.put(eventId, perType.build());
        });
        return List.of(JsonObject.builder().put("type", "m.receipt").put("content", content.build()).build());
    }
}
