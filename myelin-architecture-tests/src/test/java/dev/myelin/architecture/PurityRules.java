package dev.myelin.architecture;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a pure module's bytecode may not reference: sockets and HTTP, files, threads and executors, processes, the
 * environment, standard output, and the wall clock. Time enters the pure cores through an injected clock.
 */
final class PurityRules {
    /** Internal-name prefixes of forbidden classes (a trailing '/' forbids a whole package tree). */
    private static final List<String> FORBIDDEN_TYPES = List.of(
            "java/net/", "java/nio/file/", "java/nio/channels/", "java/sql/",
            "java/io/File", "java/io/RandomAccessFile",
            "java/lang/Thread", "java/lang/ProcessBuilder", "java/lang/Process", "java/lang/ProcessHandle",
            "java/util/concurrent/Executor", "java/util/concurrent/ScheduledExecutorService",
            "java/util/concurrent/ForkJoinPool", "java/util/concurrent/CompletableFuture",
            "java/util/Timer", "java/time/Clock", "java/time/InstantSource", "java/util/ServiceLoader");

    /**
     * Forbidden references allowed in one named class each (internal class name to internal type name). Looking up a
     * faster Ed25519 engine with {@link java.util.ServiceLoader} reads the class path, but every engine must give the
     * same bytes (Ed25519 is deterministic), so what is installed changes speed only, never a result; the lookup
     * stays in that one class so that no other pure code grows a dependency on what happens to be installed.
     */
    private static final Set<String> ALLOWED = Set.of(
            "dev/myelin/crypto/internal/InstalledEd25519Engine -> java/util/ServiceLoader");

    /** Forbidden members as {@code owner.name}, for classes that are otherwise fine to use. */
    private static final Set<String> FORBIDDEN_MEMBERS = Set.of(
            "java/lang/System.currentTimeMillis", "java/lang/System.nanoTime", "java/lang/System.getenv",
            "java/lang/System.out", "java/lang/System.err", "java/lang/System.in",
            "java/lang/Runtime.exec", "java/lang/Runtime.getRuntime",
            "java/time/Instant.now", "java/time/LocalDateTime.now", "java/time/LocalDate.now",
            "java/time/LocalTime.now", "java/time/ZonedDateTime.now", "java/time/OffsetDateTime.now",
            "java/time/OffsetTime.now", "java/time/Year.now", "java/time/YearMonth.now", "java/time/MonthDay.now");

    private PurityRules() {
    }

    /** The violations in one class file, each naming the class and the forbidden reference. */
    static List<String> violations(byte[] classBytes) {
        ClassModel model = ClassFile.of().parse(classBytes);
        String className = model.thisClass().asInternalName();
        var found = new ArrayList<String>();
        for (PoolEntry entry : model.constantPool()) {
            switch (entry) {
                case ClassEntry type -> checkType(className, elementType(type.asInternalName()), found);
                case MemberRefEntry member -> {
                    String key = member.owner().asInternalName() + "." + member.name().stringValue();
                    if (FORBIDDEN_MEMBERS.contains(key)) {
                        found.add(className + " uses " + key.replace('/', '.'));
                    }
                }
                case Utf8Entry utf8 -> checkDescriptor(className, utf8.stringValue(), found);
                default -> {
                }
            }
        }
        return found;
    }

    private static void checkType(String className, String internalName, List<String> found) {
        if (ALLOWED.contains(className + " -> " + internalName)) {
            return;
        }
        for (String prefix : FORBIDDEN_TYPES) {
            if (internalName.startsWith(prefix)) {
                found.add(className + " references " + internalName.replace('/', '.'));
                return;
            }
        }
    }

    /** Types in field and method descriptors and signatures appear only as "Ljava/net/Socket;" strings. */
    private static void checkDescriptor(String className, String text, List<String> found) {
        int at = text.indexOf("Ljava/");
        while (at >= 0) {
            int end = text.indexOf(';', at);
            int generic = text.indexOf('<', at);
            if (end < 0) {
                return;
            }
            if (generic >= 0 && generic < end) {
                end = generic;
            }
            checkType(className, text.substring(at + 1, end), found);
            at = text.indexOf("Ljava/", end);
        }
    }

    private static String elementType(String internalName) {
        int start = 0;
        while (start < internalName.length() && internalName.charAt(start) == '[') {
            start++;
        }
        if (start > 0 && internalName.charAt(start) == 'L') {
            return internalName.substring(start + 1, internalName.length() - 1);
        }
        return internalName.substring(start);
    }
}
