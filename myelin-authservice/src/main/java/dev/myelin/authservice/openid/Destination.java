package dev.myelin.authservice.openid;

/**
 * Where to send a federation request and how to present it.
 *
 * @param connectHost the host to open a connection to (an SRV target may differ from the server name)
 * @param port        the port to connect to
 * @param hostHeader  the {@code Host} header: the (delegated) server name
 * @param tlsName     the name for SNI and certificate checks: the (delegated) server name's host, never an SRV target
 */
record Destination(String connectHost, int port, String hostHeader, String tlsName) {
}
