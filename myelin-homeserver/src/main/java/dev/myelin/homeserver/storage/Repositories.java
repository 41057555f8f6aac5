package dev.myelin.homeserver.storage;

/** The repositories of one transaction. Valid only inside the {@link Storage} call that handed them out. */
public interface Repositories {
    UserRepository users();

    DeviceRepository devices();

    AccessTokenRepository accessTokens();

    UiaSessionRepository uiaSessions();

    RoomRepository rooms();

    EventRepository events();

    FilterRepository filters();

    OpenIdTokenRepository openIdTokens();

    ToDeviceRepository toDevice();

    KeyRepository keys();

    AccountDataRepository accountData();

    ProfileRepository profiles();

    AliasRepository aliases();

    ReceiptRepository receipts();

    DelayedEventRepository delayedEvents();
}
