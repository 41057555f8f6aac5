// Two matrix-js-sdk 43 clients with Rust crypto (matrix-sdk-crypto-wasm) against a Myelin homeserver: keys upload,
// key query/claim, an Olm-encrypted room key over to-device, and a Megolm message the other client decrypts.
// Usage: node e2ee.mjs <baseUrl>. Prints one JSON line per step on stdout; exits non-zero on failure.

import { registerWithCrypto as register, sdk, step, withTimeout } from "./common.mjs";

const baseUrl = process.argv[2];
const suffix = Math.random().toString(36).slice(2, 8);

function waitForTimeline(client, roomId, predicate, what) {
  return withTimeout(new Promise((resolve) => {
    const check = (event, room) => {
      if (room?.roomId === roomId && predicate(event)) resolve(event);
    };
    client.on(sdk.RoomEvent.Timeline, check);
    const room = client.getRoom(roomId);
    room?.getLiveTimeline().getEvents().forEach((event) => check(event, room));
  }), 45000, what);
}

// Alice's /sync requests can be held at a gate, so that her first sync carrying the new room also carries Bob's
// join: the case where js-sdk fires RoomEvent.Timeline for Bob's join before the room is stored in the client, and a
// message sent then goes out in plain text (client.getRoom is null, and "if the room is unknown, we cannot encrypt").
let syncGate = null;
const gatedFetch = async (url, init) => {
  if (syncGate && String(url).includes("/sync")) await syncGate.promise;
  return fetch(url, init);
};

/** Resolves once {@code condition()} holds, checking now and after every sync the client processes. */
function waitForSync(client, condition, what) {
  return withTimeout(new Promise((resolve) => {
    const check = () => {
      if (condition()) {
        client.off(sdk.ClientEvent.Sync, check);
        resolve();
      }
    };
    client.on(sdk.ClientEvent.Sync, check);
    check();
  }), 45000, what);
}

try {
  const alice = await register(baseUrl, `ealice_${suffix}`, "pw-alice", { fetchFn: gatedFetch });
  const bob = await register(baseUrl, `ebob_${suffix}`, "pw-bob");

  // Close the gate, then wake Alice's parked sync (account data) so that her next request waits at the gate.
  syncGate = Promise.withResolvers();
  const woken = withTimeout(new Promise((resolve) => alice.once(sdk.ClientEvent.AccountData, resolve)), 45000,
    "alice's sync wakes");
  await alice.setAccountData("org.example.interop.gate", { suffix });
  await woken;
  const { room_id: roomId } = await alice.createRoom({
    preset: "public_chat", name: "Encrypted interop",
    initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
  });
  step("created", { roomId });
  await bob.joinRoom(roomId);
  const bobJoinEvent = waitForTimeline(alice, roomId, (e) => e.getType() === "m.room.member"
    && e.getStateKey() === bob.getUserId() && e.getContent().membership === "join", "alice sees bob join");
  syncGate.resolve();
  syncGate = null;
  await bobJoinEvent;
  // The timeline event fires while the sync is still being processed, before a brand-new room is stored in the
  // client: sending now would go out unencrypted. Wait until the room is known, with its encryption state and Bob's
  // membership, and the crypto layer has enabled encryption (sending checks both).
  const roomKnownAtJoinEvent = alice.getRoom(roomId) !== null;
  const aliceRoom = () => alice.getRoom(roomId);
  await waitForSync(alice, () => Boolean(aliceRoom()?.hasEncryptionStateEvent()
    && aliceRoom().getMember(bob.getUserId())?.membership === "join"), "alice's stored room is encrypted, bob joined");
  await withTimeout((async () => {
    while (!(await alice.getCrypto().isEncryptionEnabledInRoom(roomId))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })(), 20000, "alice's crypto enables encryption");
  step("joined", { roomId, roomKnownAtJoinEvent, encryptionState: aliceRoom().hasEncryptionStateEvent(),
    cryptoEnabled: await alice.getCrypto().isEncryptionEnabledInRoom(roomId) });

  const bodyText = `secret from js ${suffix}`;
  const received = waitForTimeline(bob, roomId, (e) => e.getWireType() === "m.room.encrypted", "bob receives ciphertext");
  await alice.sendTextMessage(roomId, bodyText);
  const event = await received;
  await bob.decryptEventIfNeeded(event);
  if (event.isDecryptionFailure()) {
    await withTimeout(new Promise((resolve) => event.once(sdk.MatrixEventEvent.Decrypted, resolve)), 20000,
      "decryption retry");
  }
  step("decrypted", { wireType: event.getWireType(), type: event.getType(), body: event.getContent().body,
    failure: event.isDecryptionFailure() });

  alice.stopClient();
  bob.stopClient();
  step("done");
  process.exit(0);
} catch (e) {
  process.stderr.write(`e2ee scenario failed: ${e?.stack ?? e}\n`);
  step("failed", { error: String(e?.message ?? e) });
  process.exit(1);
}
