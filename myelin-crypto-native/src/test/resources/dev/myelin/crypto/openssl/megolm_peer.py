# One-shot libolm (python3-olm) peer for NativeMegolmLibolmTest. Reads one JSON object from stdin:
#   {"session_key": ..., "bodies": [...]}: decrypts each body with an inbound session made from the key (libolm
#   checks each message's Ed25519 signature), then makes its own outbound session and encrypts "libolm 0..2".
# Prints {"plaintexts": [...], "session_key": ..., "bodies": [...]}; exits 3 when olm is missing.
import json
import sys

try:
    import olm
except ImportError as error:
    print("missing python3-olm: %s" % error, file=sys.stderr)
    sys.exit(3)

request = json.load(sys.stdin)
inbound = olm.InboundGroupSession(request["session_key"])
plaintexts = [inbound.decrypt(body)[0] for body in request["bodies"]]
outbound = olm.OutboundGroupSession()
session_key = outbound.session_key
bodies = [outbound.encrypt("libolm %d" % i) for i in range(3)]
json.dump({"plaintexts": plaintexts, "session_key": session_key, "bodies": bodies}, sys.stdout)
