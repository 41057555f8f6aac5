// Verifies LiveKit access tokens with livekit-server-sdk's TokenVerifier, the way a LiveKit deployment's tooling
// checks them. Input on stdin: {"apiKey","apiSecret","tokens":[...]}. Output on stdout: one JSON line per token,
// {"ok":true,"claims":{...}} with the decoded ClaimGrants, or {"ok":false,"error":"..."}.
import { TokenVerifier } from 'livekit-server-sdk';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const verifier = new TokenVerifier(input.apiKey, input.apiSecret);
for (const token of input.tokens) {
  try {
    const claims = await verifier.verify(token);
    console.log(JSON.stringify({ ok: true, claims }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e && e.message ? e.message : e) }));
  }
}
