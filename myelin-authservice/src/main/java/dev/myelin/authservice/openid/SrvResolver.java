package dev.myelin.authservice.openid;

import java.util.List;

/** DNS SRV lookups, behind an interface so tests can answer without a resolver. */
interface SrvResolver {
    /** A target of an SRV record. */
    record Target(String host, int port, int priority, int weight) {
    }

    /** The targets for {@code name} ({@code _service._tcp.host}), empty when there are none or lookup fails. */
    List<Target> lookup(String name);
}
