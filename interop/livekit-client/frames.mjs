// Drives livekit-client's own E2EE worker (the bundle browsers load) in Node: frames go through its real
// FrameCryptor encode/decode transforms over web streams, exactly as in a browser's insertable-streams pipeline.
// stdin: {"keyHex" or "passphrase", "keyIndex", "options": {...KeyProviderOptions}, "zeroSendCount": bool, "frames": [{"op": "encrypt"|"decrypt",
//         "kind": "audio"|"video", "type": "key"|"delta"|null, "mime": "video/H264"|null, "ssrc", "timestamp", "hex"}]}
//        or data packets: {"op": "encryptData", "hex"} | {"op": "decryptData", "hex", "ivHex", "keyIndex"}
// stdout: {"results": [{"hex": "..."[, "ivHex", "keyIndex"]} | {"dropped": true}], "log": [...]}
import { readFileSync } from 'node:fs';

globalThis.self = globalThis;
const posted = [];
globalThis.postMessage = (message) => posted.push(message);
globalThis.onmessage = null;

class RTCEncodedAudioFrame {
  constructor(data, timestamp, metadata) {
    this.data = data;
    this.timestamp = timestamp;
    this.metadata = metadata;
  }
  getMetadata() {
    return this.metadata;
  }
}
class RTCEncodedVideoFrame extends RTCEncodedAudioFrame {
  constructor(data, timestamp, type, metadata) {
    super(data, timestamp, metadata);
    this.type = type;
  }
}
globalThis.RTCEncodedAudioFrame = RTCEncodedAudioFrame;
globalThis.RTCEncodedVideoFrame = RTCEncodedVideoFrame;

await import('livekit-client/e2ee-worker');

const job = JSON.parse(readFileSync(0, 'utf8'));
// The IV's send counter starts at Math.floor(Math.random() * 0xffff): pin it to 0 for byte-exact comparisons.
if (job.zeroSendCount) Math.random = () => 0;
const identity = 'java-peer';
const send = (kind, data) => globalThis.onmessage({ data: { kind, data } });

async function until(predicate) {
  for (let i = 0; i < 100000 && !predicate(); i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!predicate()) throw new Error('worker did not answer');
}

send('init', { keyProviderOptions: job.options, loglevel: 'warn' });
await until(() => posted.some((m) => m.kind === 'initAck'));
send('enable', { enabled: true, participantIdentity: identity });
await until(() => posted.some((m) => m.kind === 'enable'));
// Element Call imports raw keys as HKDF material; shared-passphrase rooms import the passphrase as PBKDF2 material.
const material = job.passphrase
  ? await crypto.subtle.importKey('raw', new TextEncoder().encode(job.passphrase), 'PBKDF2', false, [
      'deriveBits',
      'deriveKey',
    ])
  : await crypto.subtle.importKey('raw', Buffer.from(job.keyHex, 'hex'), 'HKDF', false, ['deriveBits', 'deriveKey']);
send('setKey', { participantIdentity: identity, key: material, keyIndex: job.keyIndex });

const results = [];
let track = 0;
let uuid = 0;
for (const frame of job.frames) {
  if (frame.op === 'encryptData' || frame.op === 'decryptData') {
    results.push(await dataPacket(frame, `${uuid++}`));
    continue;
  }
  const bytes = Buffer.from(frame.hex, 'hex');
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const metadata = { synchronizationSource: frame.ssrc, payloadType: 96 };
  if (frame.mime) metadata.mimeType = frame.mime;
  const encoded =
    frame.kind === 'audio'
      ? new RTCEncodedAudioFrame(data, frame.timestamp, metadata)
      : new RTCEncodedVideoFrame(data, frame.timestamp, frame.type, metadata);
  const out = [];
  let closed = false;
  const readable = new ReadableStream({
    start(controller) {
      controller.enqueue(encoded);
      controller.close();
    },
  });
  const writable = new WritableStream({
    write(chunk) {
      out.push(Buffer.from(chunk.data).toString('hex'));
    },
    close() {
      closed = true;
    },
  });
  send(frame.op === 'encrypt' ? 'encode' : 'decode', {
    participantIdentity: identity,
    trackId: `track-${track++}`,
    readableStream: readable,
    writableStream: writable,
    hasPacketTrailer: false,
  });
  await until(() => closed);
  results.push(out.length === 1 ? { hex: out[0] } : { dropped: true });
}

// DataCryptor through the worker's request/response messages. Encrypt answers {hex, ivHex, keyIndex}.
async function dataPacket(frame, id) {
  const answered = () => posted.find((m) => m.data && m.data.uuid === id);
  if (frame.op === 'encryptData') {
    send('encryptDataRequest', { participantIdentity: identity, payload: Buffer.from(frame.hex, 'hex'), uuid: id });
  } else {
    send('decryptDataRequest', {
      participantIdentity: identity,
      payload: Buffer.from(frame.hex, 'hex'),
      iv: Buffer.from(frame.ivHex, 'hex'),
      keyIndex: frame.keyIndex,
      uuid: id,
    });
  }
  await until(answered);
  const answer = answered();
  if (answer.kind === 'error') return { dropped: true };
  const result = { hex: Buffer.from(answer.data.payload).toString('hex') };
  if (answer.data.iv) {
    result.ivHex = Buffer.from(answer.data.iv).toString('hex');
    result.keyIndex = answer.data.keyIndex;
  }
  return result;
}

const log = posted
  .filter((m) => m.kind === 'log' && (m.data.level === 'error' || m.data.level === 'warn'))
  .map((m) => `${m.data.level}: ${m.data.msg}`);
process.stdout.write(JSON.stringify({ results, log }));
