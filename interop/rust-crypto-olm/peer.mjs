// matrix-sdk-crypto (Rust, vodozemac inside; the crypto of matrix-js-sdk 43 and Element Call) as an Olm to-device
// peer for Myelin's Java tests. JSON lines on stdin/stdout: one request {"id", "op", ...} per line, one response
// {"id", "ok": true, ...} or {"id", "ok": false, "error"} per line, handled strictly in order. No network: the Java
// test plays the homeserver by answering the machine's key requests itself.
import readline from "node:readline";
import * as sdk from "@matrix-org/matrix-sdk-crypto-wasm";

await sdk.initAsync();
let machine;
let userId;

async function markSent(request, response) {
    await machine.markRequestAsSent(request.id, request.type, JSON.stringify(response));
}

/** Sends the machine's pending key upload (answering with plausible counts) and returns its body. */
async function uploadKeys() {
    const uploaded = {};
    for (const request of await machine.outgoingRequests()) {
        if (request.type === sdk.RequestType.KeysUpload) {
            Object.assign(uploaded, JSON.parse(request.body));
            const count = Object.keys(uploaded.one_time_keys ?? {}).length;
            await markSent(request, { one_time_key_counts: { signed_curve25519: count } });
        }
    }
    return uploaded;
}

const ops = {
    async init(r) {
        userId = new sdk.UserId(r.user_id);
        machine = await sdk.OlmMachine.initialize(userId, new sdk.DeviceId(r.device_id));
        return await uploadKeys();
    },

    /** Makes a device known as if /keys/query had returned its signed device keys. */
    async add_device(r) {
        const owner = new sdk.UserId(r.device_keys.user_id);
        await machine.updateTrackedUsers([owner]);
        let answered = false;
        for (const request of await machine.outgoingRequests()) {
            if (request.type === sdk.RequestType.KeysQuery) {
                await markSent(request, {
                    device_keys: { [r.device_keys.user_id]: { [r.device_keys.device_id]: r.device_keys } },
                    failures: {},
                });
                answered = true;
            }
        }
        return { answered };
    },

    /** Claims the given one-time key for the device (as /keys/claim would return it), then encrypts. */
    async claim_and_encrypt(r) {
        const request = await machine.getMissingSessions([new sdk.UserId(r.user_id)]);
        if (request) {
            await markSent(request, {
                one_time_keys: { [r.user_id]: { [r.device_id]: r.one_time_key } },
                failures: {},
            });
        }
        return await ops.encrypt(r);
    },

    async encrypt(r) {
        const device = await machine.getDevice(new sdk.UserId(r.user_id), new sdk.DeviceId(r.device_id));
        if (!device) {
            throw new Error("device unknown to the Rust machine");
        }
        return { content: JSON.parse(await device.encryptToDeviceEvent(r.type, r.content)) };
    },

    /** Decrypts a Megolm room event whose key arrived earlier over Olm. */
    async decrypt_room_event(r) {
        const settings = new sdk.DecryptionSettings(sdk.TrustRequirement.Untrusted);
        const decrypted = await machine.decryptRoomEvent(JSON.stringify(r.event), new sdk.RoomId(r.room_id), settings);
        return { event: JSON.parse(decrypted.event) };
    },

    /** Shares a Megolm session for the room with the given users (over Olm) and encrypts one event with it. */
    async share_and_encrypt_room_event(r) {
        const users = r.users.map((u) => new sdk.UserId(u));
        const roomId = new sdk.RoomId(r.room_id);
        const toDevice = [];
        for (const request of await machine.shareRoomKey(roomId, users, new sdk.EncryptionSettings())) {
            const body = JSON.parse(request.body);
            for (const [user, devices] of Object.entries(body.messages)) {
                for (const [device, content] of Object.entries(devices)) {
                    toDevice.push({ user, device, type: request.event_type, content });
                }
            }
            await markSent(request, {});
        }
        const content = JSON.parse(await machine.encryptRoomEvent(roomId, r.type, JSON.stringify(r.content)));
        return { to_device: toDevice, content };
    },

    /** Feeds to-device events as a /sync response would; reports what each became. */
    async receive(r) {
        const processed = await machine.receiveSyncChanges(JSON.stringify(r.events), new sdk.DeviceLists(),
            new Map([["signed_curve25519", 50]]), new Set());
        const results = processed.map((event) => {
            switch (event.type) {
                case sdk.ProcessedToDeviceEventType.Decrypted:
                    return { kind: "decrypted", event: JSON.parse(event.rawEvent) };
                case sdk.ProcessedToDeviceEventType.UnableToDecrypt:
                    return { kind: "utd", event: JSON.parse(event.rawEvent), info: String(event.utdInfo?.reason ?? "") };
                case sdk.ProcessedToDeviceEventType.PlainText:
                    return { kind: "plain", event: JSON.parse(event.rawEvent) };
                default:
                    return { kind: "invalid", event: JSON.parse(event.rawEvent) };
            }
        });
        return { results };
    },
};

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
    if (!line.trim()) return;
    queue = queue.then(async () => {
        let request = {};
        let response;
        try {
            request = JSON.parse(line);
            response = { id: request.id, ok: true, ...(await ops[request.op](request)) };
        } catch (error) {
            response = { id: request.id, ok: false, error: String(error?.stack ?? error) };
        }
        process.stdout.write(JSON.stringify(response) + "\n");
    });
});
lines.on("close", () => queue.then(() => process.exit(0)));
