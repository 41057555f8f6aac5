// Two matrix-js-sdk 43 clients against a Myelin homeserver: register through the dummy UIA flow, log in, sync,
// create and join a room, exchange a message and a MatrixRTC membership state event.
// Usage: node scenario.mjs <baseUrl>. Prints one JSON line per step on stdout; exits non-zero on failure.

// Node 20 lacks Promise.withResolvers, which the SDK's sync loop uses.
Promise.withResolvers ??= function () {
  let resolve, reject;
  const promise = new this((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};

// The SDK logs to console.log; keep stdout for the step lines the Java test reads.
const toStderr = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
console.log = console.info = console.debug = console.trace = toStderr;

const sdk = await import("matrix-js-sdk");
const baseUrl = process.argv[2];
const suffix = Math.random().toString(36).slice(2, 8);
const step = (name, details = {}) => process.stdout.write(JSON.stringify({ step: name, ...details }) + "\n");

function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);
}

async function register(username, password) {
  const anonymous = sdk.createClient({ baseUrl });
  let session;
  try {
    await anonymous.registerRequest({ username, password });
    throw new Error("expected a 401 user-interactive auth challenge");
  } catch (e) {
    if (e.httpStatus !== 401 || !e.data?.session) throw e;
    session = e.data.session;
    if (!e.data.flows?.some((f) => f.stages?.includes("m.login.dummy"))) throw new Error("no m.login.dummy flow");
  }
  await anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy", session } });
  const login = await anonymous.loginRequest({
    type: "m.login.password", identifier: { type: "m.id.user", user: username }, password,
  });
  const client = sdk.createClient({ baseUrl, userId: login.user_id, accessToken: login.access_token, deviceId: login.device_id });
  await client.startClient({ initialSyncLimit: 20 });
  await withTimeout(new Promise((resolve, reject) => {
    client.on(sdk.ClientEvent.Sync, (state, _prev, data) => {
      if (state === "PREPARED") resolve();
      if (state === "ERROR") reject(data?.error ?? new Error("sync error"));
    });
  }), 30000, `first sync of ${username}`);
  step("synced", { user: login.user_id, device: login.device_id });
  return client;
}

function waitForTimeline(client, roomId, predicate, what) {
  return withTimeout(new Promise((resolve) => {
    const check = (event, room) => {
      if (room?.roomId === roomId && predicate(event)) resolve(event);
    };
    client.on(sdk.RoomEvent.Timeline, check);
    const room = client.getRoom(roomId);
    room?.getLiveTimeline().getEvents().forEach((event) => check(event, room));
  }), 30000, what);
}

try {
  const alice = await register(`alice_${suffix}`, "pw-alice");
  const bob = await register(`bob_${suffix}`, "pw-bob");

  const { room_id: roomId } = await alice.createRoom({ preset: "public_chat", name: "Interop room" });
  step("created", { roomId });
  await bob.joinRoom(roomId);
  step("joined", { roomId });

  const bodyText = `hello from js ${suffix}`;
  const received = waitForTimeline(bob, roomId, (e) => e.getType() === "m.room.message" && e.getContent().body === bodyText,
    "bob receives the message");
  const { event_id: sentId } = await alice.sendTextMessage(roomId, bodyText);
  const event = await received;
  step("message", { eventId: event.getId(), sentId, sender: event.getSender() });

  const stateKey = `_${alice.getUserId()}_${alice.getDeviceId()}_m.call`;
  const membership = waitForTimeline(bob, roomId, (e) => e.getType() === "org.matrix.msc3401.call.member"
    && e.getStateKey() === stateKey, "bob sees alice's call membership");
  await alice.sendStateEvent(roomId, "org.matrix.msc3401.call.member",
    { application: "m.call", call_id: "", device_id: alice.getDeviceId(), scope: "m.room", focus_active: { type: "livekit" },
      foci_preferred: [] }, stateKey);
  const memberEvent = await membership;
  step("callMember", { stateKey: memberEvent.getStateKey() });

  const roomName = bob.getRoom(roomId)?.name;
  step("roomName", { name: roomName });

  alice.stopClient();
  bob.stopClient();
  step("done");
  process.exit(0);
} catch (e) {
  process.stderr.write(`scenario failed: ${e?.stack ?? e}\n`);
  step("failed", { error: String(e?.message ?? e) });
  process.exit(1);
}
