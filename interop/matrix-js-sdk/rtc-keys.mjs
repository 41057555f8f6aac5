// A matrix-js-sdk 43 MatrixRTC participant (Rust crypto) in an existing encrypted room, for the Java key-sharing
// interop test. Usage: node rtc-keys.mjs <baseUrl> <roomId> <maxSeconds>. Registers its own user, joins the room and
// the call with media keys managed by the SDK, and prints JSON step lines: synced, joined, members, key_received.
// Leaves the call and exits when stdin closes or after maxSeconds. An optional fourth argument "sticky" sends sticky
// rtc.member events (unstableSendStickyEvents, with the transport as multi-SFU focus) instead of legacy state
// ("legacy" or nothing keeps state events). An optional fifth argument names another room to join first: Rust crypto
// only tracks the devices of users it shares an encrypted room with, so in an unencrypted call room it can send keys
// only to members it also meets in some encrypted room.

import { registerWithCrypto, step, withTimeout, sdk } from "./common.mjs";

const [baseUrl, roomId, maxSeconds, mode, alsoJoin] = process.argv.slice(2);
const suffix = Math.random().toString(36).slice(2, 8);

try {
  const client = await registerWithCrypto(baseUrl, `js_${suffix}`, "pw");
  const login = { user_id: client.getUserId(), device_id: client.getDeviceId() };

  if (alsoJoin) await client.joinRoom(alsoJoin);
  await client.joinRoom(roomId);
  const room = await withTimeout(new Promise((resolve) => {
    const check = () => { const r = client.getRoom(roomId); if (r?.getMyMembership() === "join") resolve(r); };
    client.on(sdk.RoomEvent.MyMembership, check);
    client.on(sdk.ClientEvent.Room, check);
    check();
  }), 30000, "room joined");

  const session = client.matrixRTC.getRoomSession(room);
  session.on("encryption_key_changed", (key, index, membership, identity) => {
    step("key_received", { user: membership.userId, device: membership.deviceId, memberId: membership.memberId,
      index, length: key.length, identity });
  });
  session.on("memberships_changed", (_old, memberships) => {
    step("members", { members: memberships.map((m) => ({ user: m.sender ?? m.userId, device: m.deviceId })) });
  });
  // Sticky members publish on their own transport (the multi-SFU focus); legacy ones follow the oldest member.
  const transport = { type: "livekit", livekit_service_url: "https://lk.example/livekit/jwt", livekit_alias: roomId };
  // Sticky members join as Element Call does, with a fresh UUID as member id; legacy ones through the deprecated
  // joinRoomSession (member id user:device).
  const memberId = mode === "sticky" ? globalThis.crypto.randomUUID() : `${login.user_id}:${login.device_id}`;
  if (mode === "sticky") {
    session.joinRTCSession({ userId: login.user_id, deviceId: login.device_id, memberId }, [transport], transport,
      { manageMediaKeys: true, unstableSendStickyEvents: true });
  } else {
    session.joinRoomSession([transport], undefined, { manageMediaKeys: true });
  }
  step("joined", { user: login.user_id, device: login.device_id, memberId });

  await new Promise((resolve) => {
    process.stdin.on("end", resolve);
    process.stdin.on("close", resolve);
    process.stdin.resume();
    setTimeout(resolve, Number(maxSeconds) * 1000);
  });
  await withTimeout(session.leaveRoomSession(5000), 10000, "leave").catch(() => {});
  client.stopClient();
  step("done");
  process.exit(0);
} catch (e) {
  process.stderr.write(`rtc-keys failed: ${e?.stack ?? e}\n`);
  step("failed", { error: String(e?.message ?? e) });
  process.exit(1);
}
