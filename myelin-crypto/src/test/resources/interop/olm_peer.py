"""libolm (python3-olm) as an interoperability peer for Myelin's Java Olm/Megolm tests.

Speaks JSON lines on stdin/stdout: one request {"id", "op", ...} per line, one response per line,
{"id", "ok": true, ...} or {"id", "ok": false, "error"}. Objects live in a table under caller-chosen names.
Run with /usr/bin/python3 so that Debian's dist-packages (python3-olm) are visible.
"""
import json
import sys

import olm

objects = {}


def op_create_account(r):
    account = olm.Account()
    objects[r["account"]] = account
    return dict(account.identity_keys)


def op_generate_one_time_keys(r):
    account = objects[r["account"]]
    account.generate_one_time_keys(r["count"])
    keys = dict(account.one_time_keys["curve25519"])
    account.mark_keys_as_published()
    return {"keys": keys}


def op_generate_fallback_key(r):
    account = objects[r["account"]]
    account.generate_fallback_key()
    keys = dict(account.fallback_key["curve25519"])
    account.mark_keys_as_published()
    return {"keys": keys}


def op_sign(r):
    return {"signature": objects[r["account"]].sign(r["message"])}


def op_verify(r):
    try:
        olm.ed25519_verify(r["key"], r["message"], r["signature"])
        return {"valid": True}
    except olm.OlmVerifyError:
        return {"valid": False}


def op_outbound_session(r):
    session = olm.OutboundSession(objects[r["account"]], r["identity_key"], r["one_time_key"])
    objects[r["session"]] = session
    return {"session_id": session.id}


def op_inbound_session(r):
    account = objects[r["account"]]
    message = olm.OlmPreKeyMessage(r["body"])
    session = olm.InboundSession(account, message, r["identity_key"])
    account.remove_one_time_keys(session)
    objects[r["session"]] = session
    plaintext = session.decrypt(message)
    return {"session_id": session.id, "plaintext": plaintext}


def op_matches(r):
    message = olm.OlmPreKeyMessage(r["body"])
    return {"matches": objects[r["session"]].matches(message, r["identity_key"])}


def op_encrypt(r):
    message = objects[r["session"]].encrypt(r["plaintext"])
    return {"type": message.message_type, "body": message.ciphertext}


def op_decrypt(r):
    if r["type"] == 0:
        message = olm.OlmPreKeyMessage(r["body"])
    else:
        message = olm.OlmMessage(r["body"])
    return {"plaintext": objects[r["session"]].decrypt(message)}


def op_outbound_group_session(r):
    session = olm.OutboundGroupSession()
    objects[r["group"]] = session
    return {"session_id": session.id, "session_key": session.session_key, "index": session.message_index}


def op_group_encrypt(r):
    session = objects[r["group"]]
    index = session.message_index
    return {"body": session.encrypt(r["plaintext"]), "index": index}


def op_inbound_group_session(r):
    session = olm.InboundGroupSession(r["session_key"])
    objects[r["group"]] = session
    return {"session_id": session.id, "first_known_index": session.first_known_index}


def op_import_group_session(r):
    session = olm.InboundGroupSession.import_session(r["exported"])
    objects[r["group"]] = session
    return {"session_id": session.id, "first_known_index": session.first_known_index}


def op_export_group_session(r):
    return {"exported": objects[r["group"]].export_session(r["index"])}


def op_group_decrypt(r):
    plaintext, index = objects[r["group"]].decrypt(r["body"])
    return {"plaintext": plaintext, "index": index}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            handler = globals()["op_" + request["op"]]
            response = {"id": request.get("id"), "ok": True}
            response.update(handler(request))
        except Exception as error:  # report every failure to the Java side, keep serving
            response = {"id": request.get("id"), "ok": False, "error": type(error).__name__ + ": " + str(error)}
        sys.stdout.write(json.dumps(response) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
