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

try {
  const alice = await register(baseUrl, `ealice_${suffix}`, "pw-alice");
  const bob = await register(baseUrl, `ebob_${suffix}`, "pw-bob");

  const { room_id: roomId } = await alice.createRoom({
    preset: "public_chat", name: "Encrypted interop",
    initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
  });
  step("created", { roomId });
  await bob.joinRoom(roomId);
  // Alice's client must have seen Bob join (and his device in device_lists) before it shares the room key.
  await waitForTimeline(alice, roomId, (e) => e.getType() === "m.room.member" && e.getStateKey() === bob.getUserId()
    && e.getContent().membership === "join", "alice sees bob join");
  // Diagnostics for a rare failure (alice sent m.room.message in plain text): does her room state hold
  // m.room.encryption, and has her crypto layer enabled encryption for the room? Sending waits for the latter.
  const hasEncryptionState = () => Boolean(alice.getRoom(roomId)?.currentState.getStateEvents("m.room.encryption", ""));
  step("joined", { roomId, encryptionState: hasEncryptionState(),
    cryptoEnabled: await alice.getCrypto().isEncryptionEnabledInRoom(roomId) });
  await withTimeout((async () => {
    while (!(await alice.getCrypto().isEncryptionEnabledInRoom(roomId))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })(), 20000, `alice's crypto enables encryption (room state has m.room.encryption: ${hasEncryptionState()})`);

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
