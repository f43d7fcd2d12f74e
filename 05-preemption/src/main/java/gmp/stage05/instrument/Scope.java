package gmp.stage05.instrument;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Which classes get preemption polls: those whose name starts with one of the
 * {@code includes} prefixes (e.g. {@code "com.example.myprogram."}), except, always, the JDK
 * and the workbook's own runtime. A goroutine running uninstrumented code still works; it just
 * cannot be preempted there (as Go code written in assembly, without the prologue check).
 *
 * <p>Why the runtime is never instrumented: the scheduler itself (core, the stages, this
 * package) runs on Ms, not as goroutines, and the goroutine API's own code holds scheduler
 * locks at moments when a G must not be stopped. The JDK is left alone for the same reason
 * and because instrumenting it is a different project. The runtime is named by exact package,
 * so a user package under it (the contract kit's {@code gmp.core.contract}, this module's test
 * programs) can still be included.
 */
public record Scope(List<String> includes) {

    /** JDK packages (internal names): never instrumented. */
    static final List<String> JDK = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    /** The workbook's runtime packages (internal names, exact): never instrumented. */
    static final Set<String> RUNTIME = Set.of(
            "gmp/core", "gmp/core/spi",
            "gmp/stage01", "gmp/stage02", "gmp/stage03", "gmp/stage04", "gmp/stage05",
            "gmp/stage05/instrument");

    public Scope {
        includes = List.copyOf(includes);
        for (String i : includes) {
            if (i.isBlank()) {
                throw new IllegalArgumentException("an include prefix is empty; give package or class name prefixes such as com.example.");
            }
        }
    }

    /** Parses "a.b.,c.d." (comma separated prefixes). */
    public static Scope parse(String commaSeparated) {
        return new Scope(Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Whether the class {@code internalName} ("a/b/C", as a ClassFileTransformer sees it) gets polls. */
    public boolean instruments(String internalName) {
        if (internalName == null || isJdk(internalName) || isRuntime(internalName)) {
            return false;
        }
        String dotted = internalName.replace('/', '.');
        for (String prefix : includes) {
            if (dotted.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isJdk(String internalName) {
        for (String p : JDK) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    static boolean isRuntime(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash > 0 && RUNTIME.contains(internalName.substring(0, slash));
    }
}
