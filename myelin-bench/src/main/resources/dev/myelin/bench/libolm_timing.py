# Times libolm (through Debian's python3-olm) on the operations OlmBenchmark measures in Java, with the same
# 200-byte plaintext. Usage: python3 libolm_timing.py ROUNDS BATCH
# Prints one line per operation: "<name> <microseconds per operation>"; on a missing module, exits 3.
import statistics
import sys
import time

try:
    import olm
except ImportError as error:
    print("missing python3-olm: %s" % error, file=sys.stderr)
    sys.exit(3)

ROUNDS = int(sys.argv[1])
BATCH = int(sys.argv[2])
PLAINTEXT = "m" * 200


def pair():
    """Alice's outbound session to Bob's fallback key, and Bob's inbound session from her first message."""
    alice, bob = olm.Account(), olm.Account()
    bob.generate_fallback_key()
    fallback = next(iter(bob.fallback_key["curve25519"].values()))
    alice_session = olm.OutboundSession(alice, bob.identity_keys["curve25519"], fallback)
    first = alice_session.encrypt(PLAINTEXT)
    bob_session = olm.InboundSession(bob, first, alice.identity_keys["curve25519"])
    bob_session.decrypt(first)
    return alice, bob, fallback, alice_session, bob_session


def median_after_warm_up(rounds, batch, prepare, run):
    """Microseconds per operation: the median over the rounds after a first, untimed warm-up round (the median, as
    on the Java side, so a round slowed by another process on a shared machine does not skew the figure)."""
    per_round = []
    for round_number in range(rounds + 1):
        state = prepare()
        start = time.perf_counter()
        run(state)
        elapsed = time.perf_counter() - start
        if round_number > 0:
            per_round.append(elapsed / batch * 1e6)
    return statistics.median(per_round)


def main():
    results = {}

    def encrypt_many(session):
        for _ in range(BATCH):
            session.encrypt(PLAINTEXT)

    def decrypt_many(state):
        session, messages = state
        for message in messages:
            session.decrypt(message)

    # A fresh pair per operation: messages encrypted but never decrypted would otherwise push the receiver past
    # libolm's 2000-message gap.
    alice, bob, fallback, alice_session, bob_session = pair()
    results["olm.encrypt.prekey"] = median_after_warm_up(ROUNDS, BATCH, lambda: alice_session, encrypt_many)
    alice, bob, fallback, alice_session, bob_session = pair()
    results["olm.decrypt.prekey"] = median_after_warm_up(
        ROUNDS, BATCH, lambda: (bob_session, [alice_session.encrypt(PLAINTEXT) for _ in range(BATCH)]), decrypt_many)

    # A reply turns Alice's side to normal messages.
    alice, bob, fallback, alice_session, bob_session = pair()
    alice_session.decrypt(bob_session.encrypt(PLAINTEXT))
    results["olm.encrypt.normal"] = median_after_warm_up(ROUNDS, BATCH, lambda: alice_session, encrypt_many)
    alice, bob, fallback, alice_session, bob_session = pair()
    alice_session.decrypt(bob_session.encrypt(PLAINTEXT))
    results["olm.decrypt.normal"] = median_after_warm_up(
        ROUNDS, BATCH, lambda: (bob_session, [alice_session.encrypt(PLAINTEXT) for _ in range(BATCH)]), decrypt_many)

    alice_key = alice.identity_keys["curve25519"]
    bob_key = bob.identity_keys["curve25519"]

    def sessions(_):
        for _ in range(BATCH):
            outbound = olm.OutboundSession(alice, bob_key, fallback)
            message = outbound.encrypt(PLAINTEXT)
            inbound = olm.InboundSession(bob, message, alice_key)
            inbound.decrypt(message)

    results["olm.session"] = median_after_warm_up(ROUNDS, BATCH, lambda: None, sessions)

    group = olm.OutboundGroupSession()
    inbound_group = olm.InboundGroupSession(group.session_key)
    results["megolm.encrypt"] = median_after_warm_up(
        ROUNDS, BATCH, lambda: group, lambda g: [g.encrypt(PLAINTEXT) for _ in range(BATCH)])
    results["megolm.decrypt"] = median_after_warm_up(
        ROUNDS, BATCH, lambda: [group.encrypt(PLAINTEXT) for _ in range(BATCH)],
        lambda messages: [inbound_group.decrypt(m) for m in messages])

    account = olm.Account()
    signature = account.sign(PLAINTEXT)
    signing_key = account.identity_keys["ed25519"]
    results["ed25519.sign"] = median_after_warm_up(
        ROUNDS, BATCH, lambda: account, lambda a: [a.sign(PLAINTEXT) for _ in range(BATCH)])
    results["ed25519.verify"] = median_after_warm_up(
        ROUNDS, BATCH, lambda: None,
        lambda _: [olm.ed25519_verify(signing_key, PLAINTEXT, signature) for _ in range(BATCH)])

    for name, micros in results.items():
        print("%s %.3f" % (name, micros))


main()
