package dev.myelin.authservice.http;

import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.authservice.OpenIdToken;
import dev.myelin.authservice.OpenIdValidator;
import dev.myelin.authservice.delegation.ClientApiResolver;
import dev.myelin.authservice.delegation.DelegationManager;
import dev.myelin.authservice.delegation.JobKey;
import dev.myelin.authservice.delegation.JobParams;
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
    private final DelegationManager delegations;
    private final InstantSource clock;

    TokenIssuer(AuthServiceConfig config, OpenIdValidator validator, LiveKitTokens tokens,
                RoomServiceClient roomService, ClientApiResolver clientApi, DelegationManager delegations,
                InstantSource clock) {
        this.config = config;
        this.validator = validator;
        this.tokens = tokens;
        this.roomService = roomService;
        this.clientApi = clientApi;
        this.delegations = delegations;
        this.clock = clock;
    }

    Grant issue(TokenRequest request) {
        String userId = authorise(request.openIdToken(), Optional.of(request.claimedUserId()));
        return grant(request.openIdToken(), request.delayId(), request.delayTimeout(),
                LiveKitNames.identity(userId, request.claimedDeviceId(), request.memberId()),
                LiveKitNames.roomName(request.roomId(), request.slotId()));
    }

    /**
     * {@code /delegate_delayed_leave}: the client is already on the SFU, so no token and no room, only the watcher.
     * Only full-access users may delegate (403 here, where the token endpoints answer 400).
     */
    void delegate(TokenRequest request) {
        String userId = authorise(request.openIdToken(), Optional.of(request.claimedUserId()));
        String serverName = request.openIdToken().matrixServerName();
        if (!config.isFullAccess(serverName)) {
            throw new MatrixException(403, ErrorCode.FORBIDDEN,
                    "Delegation of delayed events is only supported for full access users");
        }
        requireClientApi(serverName);
        register(serverName, request.delayId(), request.delayTimeout(),
                new JobKey(LiveKitNames.roomName(request.roomId(), request.slotId()),
                        LiveKitNames.identity(userId, request.claimedDeviceId(), request.memberId())));
    }

    Grant issueLegacy(LegacyTokenRequest request) {
        String userId = authorise(request.openIdToken(), Optional.empty());
        return grant(request.openIdToken(), request.delayId(), request.delayTimeout(),
                LiveKitNames.legacyIdentity(userId, request.deviceId()),
                LiveKitNames.roomName(request.room(), LiveKitNames.LEGACY_SLOT));
    }

    private Grant grant(OpenIdTokenFields openId, String delayId, long delayTimeout, String identity, String room) {
        boolean delegationRequested = !delayId.isEmpty();
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
                requireClientApi(openId.matrixServerName());
            }
            try {
                roomService.createRoom(room);
            } catch (RoomServiceClient.RoomCreationException e) {
                LOG.log(Level.ERROR, "cannot create LiveKit room {0}: {1}", room, e.getMessage());
                throw new MatrixException(500, ErrorCode.UNKNOWN, "Unable to create room on SFU");
            }
            if (delegationRequested) {
                register(openId.matrixServerName(), delayId, delayTimeout, new JobKey(room, identity));
            }
        }
        return new Grant(config.livekitUrl(), jwt);
    }

    private void requireClientApi(String serverName) {
        if (clientApi.resolve(serverName).isEmpty()) {
            throw MatrixException.badJson("Unable to resolve client-server API");
        }
    }

    /** Hands the delayed leave event to a watcher; upstream's two job-creation failures map to 400 and 503. */
    private void register(String serverName, String delayId, long delayTimeoutMillis, JobKey key) {
        try {
            delegations.register(JobParams.of(serverName, delayId, delayTimeoutMillis, key));
        } catch (JobParams.InvalidDelayException e) {
            throw MatrixException.badJson(e.getMessage());
        } catch (DelegationManager.ShuttingDownException e) {
            throw new MatrixException(503, ErrorCode.UNKNOWN, e.getMessage());
        }
        LOG.log(Level.INFO, "watching delayed leave event {0} of {1}", delayId, serverName);
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
