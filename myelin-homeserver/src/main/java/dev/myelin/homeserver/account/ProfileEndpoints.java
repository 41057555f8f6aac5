package dev.myelin.homeserver.account;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.rooms.RoomService;
import dev.myelin.homeserver.storage.ProfileRepository.Profile;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;
import java.util.Optional;

/**
 * Display name and avatar. A user without a stored profile shows their localpart, as Synapse's registration sets
 * it; a change is written into a new join event in every room the user is in.
 */
public final class ProfileEndpoints {
    static final int MAX_DISPLAYNAME = 256;

    private final Storage storage;
    private final Authenticator authenticator;
    private final RoomService rooms;

    public ProfileEndpoints(Storage storage, Authenticator authenticator, RoomService rooms) {
        this.storage = storage;
        this.authenticator = authenticator;
        this.rooms = rooms;
    }

    public void register(Router router) {
        router.client("GET", "/profile/{userId}", this::profile);
        router.client("GET", "/profile/{userId}/{field}", this::field);
        router.client("PUT", "/profile/{userId}/{field}", this::setField);
    }

    private Profile load(UserId user) {
        return storage.read(repositories -> {
            if (repositories.users().find(user).isEmpty()) {
                throw MatrixException.notFound("Profile was not found");
            }
            return repositories.profiles().find(user)
                    .orElse(new Profile(Optional.of(user.localpart()), Optional.empty()));
        });
    }

    private static JsonObject json(Profile profile) {
        var body = JsonObject.builder();
        profile.displayname().ifPresent(name -> body.put("displayname", name));
        profile.avatarUrl().ifPresent(url -> body.put("avatar_url", url));
        return body.build();
    }

    private ApiResponse profile(ApiRequest request) {
        authenticator.authenticate(request);
        return ApiResponse.ok(json(load(UserId.parse(request.pathParameter("userId")))));
    }

    private ApiResponse field(ApiRequest request) {
        authenticator.authenticate(request);
        String field = fieldName(request);
        JsonObject all = json(load(UserId.parse(request.pathParameter("userId"))));
        return ApiResponse.ok(all.get(field).map(value -> JsonObject.builder().put(field, value).build())
                .orElse(JsonObject.EMPTY));
    }

    private ApiResponse setField(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        UserId user = UserId.parse(request.pathParameter("userId"));
        if (!user.equals(requester.userId())) {
            throw MatrixException.forbidden("Cannot set another user's profile");
        }
        String field = fieldName(request);
        Optional<String> value = request.jsonBody().optionalString(field);
        if (value.isPresent() && value.get().length() > MAX_DISPLAYNAME) {
            throw MatrixException.invalidParam(field + " is longer than " + MAX_DISPLAYNAME);
        }
        Profile current = load(user);
        Profile updated = field.equals("displayname")
                ? new Profile(value, current.avatarUrl())
                : new Profile(current.displayname(), value);
        storage.write(repositories -> {
            repositories.profiles().put(user, updated);
            return null;
        });
        rooms.refreshMemberships(user);
        return ApiResponse.empty();
    }

    private static String fieldName(ApiRequest request) {
        String field = request.pathParameter("field");
        if (!field.equals("displayname") && !field.equals("avatar_url")) {
            throw MatrixException.unrecognized(404, "Unknown profile field '" + field + "'");
        }
        return field;
    }
}
