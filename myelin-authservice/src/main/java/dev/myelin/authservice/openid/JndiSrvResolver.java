package dev.myelin.authservice.openid;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/** SRV lookups through the JDK's JNDI DNS provider, using the system's resolvers. */
final class JndiSrvResolver implements SrvResolver {
    @Override
    public List<Target> lookup(String name) {
        var env = new Hashtable<String, String>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        var targets = new ArrayList<Target>();
        try {
            var context = new InitialDirContext(env);
            try {
                Attribute records = context.getAttributes(name, new String[] {"SRV"}).get("SRV");
                if (records == null) {
                    return List.of();
                }
                for (int i = 0; i < records.size(); i++) {
                    String[] fields = records.get(i).toString().trim().split("\\s+");
                    if (fields.length != 4) {
                        continue;
                    }
                    String host = fields[3].endsWith(".") ? fields[3].substring(0, fields[3].length() - 1) : fields[3];
                    if (host.isEmpty()) {
                        continue; // "." means the service is decidedly not available
                    }
                    targets.add(new Target(host, Integer.parseInt(fields[2]), Integer.parseInt(fields[0]),
                            Integer.parseInt(fields[1])));
                }
            } finally {
                context.close();
            }
        } catch (NamingException | NumberFormatException e) {
            return List.of();
        }
        return targets;
    }
}
