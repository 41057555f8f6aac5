package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.AliasRepository.AliasRecord;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomAlias;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import java.util.List;

/** The room directory's aliases: {@code /directory/room/{alias}} (PUT, GET, DELETE) and {@code /rooms/{id}/aliases}. */
public final class AliasEndpoints {
    private final Storage storage;
    private final Authenticator authenticator;
    private final RoomService rooms;
    private final ServerName serverName;

    public AliasEndpoints(Storage storage, Authenticator authenticator, RoomService rooms, ServerName serverName) {
        this.storage = storage;
        this.authenticator = authenticator;
        this.rooms = rooms;
        this.serverName = serverName;
    }

    public void register(Router router) {
        router.client("PUT", "/directory/room/{alias}", this::create);
        router.client("GET", "/directory/room/{alias}", this::resolve);
        router.client("DELETE", "/directory/room/{alias}", this::delete);
        router.client("GET", "/rooms/{roomId}/aliases", this::list);
    }

    private RoomAlias alias(ApiRequest request) {
        RoomAlias alias = RoomAlias.parse(request.pathParameter("alias"));
        if (!alias.server().equals(serverName)) {
            throw MatrixException.invalidParam("Room alias must be local");
        }
        return alias;
    }

    private ApiResponse create(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomAlias alias = alias(request);
        RoomId roomId = RoomId.parse(request.jsonBody().string("room_id"));
        storage.write(repositories -> {
            if (repositories.rooms().find(roomId).isEmpty()) {
                throw MatrixException.notFound("Unknown room " + roomId);
            }
            if (!repositories.aliases().create(new AliasRecord(alias, roomId, requester.userId()))) {
                throw new MatrixException(409, ErrorCode.UNKNOWN, "Room alias " + alias + " already exists");
            }
            return null;
        });
        return ApiResponse.empty();
    }

    private ApiResponse resolve(ApiRequest request) {
        RoomId roomId = rooms.resolve(alias(request));
        return ApiResponse.ok(JsonObject.builder().put("room_id", roomId.toString())
                .put("servers", JsonValue.ofStrings(List.of(serverName.value()))).build());
    }

    private ApiResponse delete(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomAlias alias = alias(request);
        storage.write(repositories -> {
            AliasRecord record = repositories.aliases().find(alias)
                    .orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found"));
            if (!record.creator().equals(requester.userId())) {
                throw MatrixException.forbidden("You don't have permission to delete the alias.");
            }
            repositories.aliases().delete(alias);
            return null;
        });
        return ApiResponse.empty();
    }

    private ApiResponse list(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        rooms.state(roomId, requester.userId());
        List<String> aliases = storage.read(repositories -> repositories.aliases().forRoom(roomId)).stream()
                .map(RoomAlias::toString).toList();
        return ApiResponse.ok(JsonObject.builder().put("aliases", JsonValue.ofStrings(aliases)).build());
    }
}
