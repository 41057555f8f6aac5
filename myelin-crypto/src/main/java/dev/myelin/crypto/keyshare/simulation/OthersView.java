package dev.myelin.crypto.keyshare.simulation;

import dev.myelin.crypto.keyshare.ParticipantId;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;

/** Everyone but one member, as a read-only view: one member set serves every policy after a change. */
final class OthersView extends AbstractSet<ParticipantId> {
    private final Set<ParticipantId> all;
    private final ParticipantId self;

    OthersView(Set<ParticipantId> all, ParticipantId self) {
        this.all = all;
        this.self = self;
    }

    @Override
    public boolean contains(Object o) {
        return !self.equals(o) && all.contains(o);
    }

    @Override
    public int size() {
        return all.contains(self) ? all.size() - 1 : all.size();
    }

    @Override
    public Iterator<ParticipantId> iterator() {
        Iterator<ParticipantId> inner = all.iterator();
        return new Iterator<>() {
            private ParticipantId next = advance();

            private ParticipantId advance() {
                while (inner.hasNext()) {
                    ParticipantId candidate = inner.next();
                    if (!candidate.equals(self)) {
                        return candidate;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ParticipantId next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                ParticipantId current = next;
                next = advance();
                return current;
            }
        };
    }
}
