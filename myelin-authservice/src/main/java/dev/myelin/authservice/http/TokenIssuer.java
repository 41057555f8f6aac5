package dev.myelin.authservice.http;

import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.authservice.OpenIdToken;
import dev.myelin.authservice.OpenIdValidator;
import dev.myelin.authservice.delegation.ClientApiResolver;
import dev.myelin.authservice.livekit.LiveKitNames;
import dev.myelin.authservice.livekit.LiveKitTokens;
import dev.myelin.authservice.livekit.RoomServiceClient;
import dev.myelin.authservice.request.LegacyTokenRequest;
import dev.myelin.authservice.request.OpenIdTokenFields;
import dev.myelin.authservice.request.TokenRequest;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The steps after decoding, in upstream's order: OpenID check, claimed-user check, access policy, names, token,
 * room creation for full-access users. Every failure is a {@link MatrixException} with upstream's status and text.
 */
final class TokenIssuer {
    private static final System.Logger LOG = System.getLogger(TokenIssuer.class.getName());

    /** A token and the URL clients connect to with it. */
    record Grant(String url, String jwt) {
    }

    private final AuthServiceConfig config;
    private final OpenIdValidator validator;
    private final LiveKitTokens tokens;
    private final RoomServiceClient roomService;
    private final ClientApiResolver clientApi;
    private final InstantSource clock;

    TokenIssuer(AuthServiceConfig config, OpenIdValidator validator, LiveKitTokens tokens,
                RoomServiceClient roomService, ClientApiResolver clientApi, InstantSource clock) {
        this.config = config;
        this.validator = validator;
        this.tokens = tokens;
        this.roomService = roomService;
        this.clientApi = clientApi;
        this.clock = clock;
    }

    Grant issue(TokenRequest request) {
        String userId = authorise(request.openIdToken(), Optional.of(request.claimedUserId()));
        return grant(request.openIdToken(), request.delegationRequested(),
                LiveKitNames.identity(userId, request.claimedDeviceId(), request.memberId()),
                LiveKitNames.roomName(request.roomId(), request.slotId()));
    }

    Grant issueLegacy(LegacyTokenRequest request) {
        String userId = authorise(request.openIdToken(), Optional.empty());
        return grant(request.openIdToken(), request.delegationRequested(),
                LiveKitNames.legacyIdentity(userId, request.deviceId()),
                LiveKitNames.roomName(request.room(), LiveKitNames.LEGACY_SLOT));
    }

    private Grant grant(OpenIdTokenFields openId, boolean delegationRequested, String identity, String room) {
        boolean fullAccess = config.isFullAccess(openId.matrixServerName());
        if (delegationRequested && !fullAccess) {
            throw MatrixException.badJson("Delegation of delayed events is only supported for full access users");
        }
        String jwt;
        try {
            jwt = tokens.joinToken(identity, room, clock.instant());
        } catch (LiveKitTokens.TokenMintingException e) {
            LOG.log(Level.ERROR, "cannot mint a LiveKit token: {0}", e.getMessage());
            throw new MatrixException(500, ErrorCode.UNKNOWN, "Internal Server Error");
        }
        if (fullAccess) {
            if (delegationRequested) {
                // Checked before CreateRoom so a failed request leaves no room behind, as upstream.
                if (clientApi.resolve(openId.matrixServerName()).isEmpty()) {
                    throw MatrixException.badJson("Unable to resolve client-server API");
                }
                // Upstream then hands the delayed leave event to a watcher; Myelin does not serve that yet, so the
                // token is issued without it (as v0.5.0, which ignored the delay parameters).
                LOG.log(Level.WARNING, "delayed-leave delegation requested but not served yet; token issued without it");
            }
            try {
                roomService.createRoom(room);
            } catch (RoomServiceClient.RoomCreationException e) {
                LOG.log(Level.ERROR, "cannot create LiveKit room {0}: {1}", room, e.getMessage());
                throw new MatrixException(500, ErrorCode.UNKNOWN, "Unable to create room on SFU");
            }
        }
        return new Grant(config.livekitUrl(), jwt);
    }

    /** The user the token's homeserver vouches for, who must belong to that server and be who the client claims. */
    private String authorise(OpenIdTokenFields openId, Optional<String> claimedUserId) {
        String userId;
        try {
            userId = validator.userIdFor(
                    new OpenIdToken(openId.accessToken(), openId.matrixServerName(), openId.expiresIn()));
        } catch (OpenIdRejectedException e) {
            LOG.log(Level.INFO, "OpenID token for {0} rejected: {1}", openId.matrixServerName(), e.getMessage());
            throw unauthorised();
        } catch (RuntimeException e) {
            // Upstream answers 401 whatever made the lookup fail; a validator bug must not become a 500 either.
            LOG.log(Level.WARNING, "OpenID validation for " + openId.matrixServerName() + " failed", e);
            throw unauthorised();
        }
        if (!serverPartOf(userId).equals(Optional.of(openId.matrixServerName()))) {
            LOG.log(Level.WARNING, "{0} answered for a user of another server", openId.matrixServerName());
            throw unauthorised();
        }
        if (claimedUserId.isPresent() && !claimedUserId.get().equals(userId)) {
            LOG.log(Level.WARNING, "claimed user id does not match the OpenID token's subject");
            throw unauthorised();
        }
        return userId;
    }

    /** gomatrixserverlib's SplitID('@', …): after the first colon of an id starting with '@'. */
    static Optional<String> serverPartOf(String userId) {
        int colon = userId.indexOf(':');
        if (!userId.startsWith("@") || colon < 0) {
            return Optional.empty();
        }
        return Optional.of(userId.substring(colon + 1));
    }

    private static MatrixException unauthorised() {
        return new MatrixException(401, ErrorCode.UNAUTHORIZED, "The request could not be authorised.");
    }
}
