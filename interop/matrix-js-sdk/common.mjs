// Shared set-up for the Node peers: Node 20 polyfills, stdout kept for JSON step lines, and a logged-in client with
// Rust crypto that has finished its first sync.

// Node 20 lacks Promise.withResolvers, which the SDK's sync loop uses.
Promise.withResolvers ??= function () {
  let resolve, reject;
  const promise = new this((a, b) => { resolve = a; reject = b; });
  return { promise, resolve, reject };
};

// The SDK logs to console.*; keep stdout for the step lines the Java tests read.
const toStderr = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
console.log = console.info = console.debug = console.trace = console.warn = toStderr;

export const sdk = await import("matrix-js-sdk");

export const step = (name, details = {}) => process.stdout.write(JSON.stringify({ step: name, ...details }) + "\n");

export function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);
}

/**
 * Registers (dummy auth), logs in, starts Rust crypto and the sync loop, and waits for the first sync. {@code fetchFn}
 * (optional) replaces fetch for the logged-in client, e.g. to hold its /sync requests.
 */
export async function registerWithCrypto(baseUrl, username, password, { fetchFn } = {}) {
  const anonymous = sdk.createClient({ baseUrl });
  await anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy" } }).catch(async (e) => {
    if (e.httpStatus !== 401 || !e.data?.session) throw e;
    await anonymous.registerRequest({ username, password, auth: { type: "m.login.dummy", session: e.data.session } });
  });
  const login = await anonymous.loginRequest({
    type: "m.login.password", identifier: { type: "m.id.user", user: username }, password,
  });
  const client = sdk.createClient({ baseUrl, userId: login.user_id, accessToken: login.access_token, deviceId: login.device_id,
    ...(fetchFn ? { fetchFn } : {}) });
  await client.initRustCrypto({ useIndexedDB: false });
  // Listen before starting: on a fast server the first sync can be PREPARED before startClient's promise settles,
  // and a listener added afterwards would wait for an event that already fired.
  const prepared = withTimeout(new Promise((resolve, reject) => {
    client.on(sdk.ClientEvent.Sync, (state, _prev, data) => {
      if (state === "PREPARED") resolve();
      if (state === "ERROR") reject(data?.error ?? new Error("sync error"));
    });
  }), 60000, `first sync of ${username}`);
  await client.startClient({ initialSyncLimit: 20 });
  await prepared;
  step("synced", { user: login.user_id, device: login.device_id });
  return client;
}
