package gmp.stage05.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Java agent that makes user code preemptible: it runs every class in its {@link Scope}
 * through {@link PollInserter} as the class is loaded.
 *
 * <pre>
 *   java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *        -javaagent:05-preemption/target/05-preemption-0.1.0-SNAPSHOT-agent.jar=include=com.example. \
 *        -cp ... com.example.Main
 * </pre>
 * Options, after {@code =}, separated by {@code ;}:
 * <ul>
 *   <li>{@code include=p1,p2}: class-name prefixes to instrument (required; nothing else is touched);</li>
 *   <li>{@code polls=entry} for method-entry polls only (default {@code entry+backedge});</li>
 *   <li>{@code verbose} prints one line per instrumented class.</li>
 * </ul>
 * With {@code polls=entry}, 05-async degrades to 05-coop: there is no back-edge to stop at.
 *
 * <p>A class the agent fails to rewrite is loaded unchanged and the failure is printed (a
 * transformer's exception would otherwise be swallowed by the JVM).
 */
public final class PreemptAgent implements ClassFileTransformer {

    private static final Map<String, PollInserter.Result> INSTRUMENTED = new ConcurrentHashMap<>();
    private static volatile PreemptAgent installed;

    private final Scope scope;
    private final PollInserter.Polls polls;
    private final boolean verbose;

    PreemptAgent(Scope scope, PollInserter.Polls polls, boolean verbose) {
        this.scope = scope;
        this.polls = polls;
        this.verbose = verbose;
    }

    public static void premain(String args, Instrumentation inst) {
        PreemptAgent agent = fromArgs(args);
        installed = agent;
        inst.addTransformer(agent);
    }

    /** Parses the agent's options; a bad option is an error that says what is allowed. */
    static PreemptAgent fromArgs(String args) {
        Scope scope = null;
        PollInserter.Polls polls = PollInserter.Polls.ENTRY_AND_BACKEDGE;
        boolean verbose = false;
        for (String opt : (args == null ? "" : args).split(";")) {
            String o = opt.strip();
            if (o.isEmpty()) {
                continue;
            }
            if (o.startsWith("include=")) {
                scope = Scope.parse(o.substring("include=".length()));
            } else if (o.equals("polls=entry")) {
                polls = PollInserter.Polls.ENTRY;
            } else if (o.equals("polls=entry+backedge")) {
                polls = PollInserter.Polls.ENTRY_AND_BACKEDGE;
            } else if (o.equals("verbose")) {
                verbose = true;
            } else {
                throw new IllegalArgumentException("gmp preempt agent: unknown option '" + o
                        + "'; allowed: include=<prefix>[,<prefix>...] ; polls=entry|entry+backedge ; verbose");
            }
        }
        if (scope == null || scope.includes().isEmpty()) {
            throw new IllegalArgumentException("gmp preempt agent: say which classes to instrument, e.g. "
                    + "-javaagent:<agent.jar>=include=com.example.  (JDK and workbook runtime classes are never instrumented)");
        }
        return new PreemptAgent(scope, polls, verbose);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (redefined != null || !scope.instruments(className)) {
            return null;
        }
        try {
            PollInserter.Result r = PollInserter.instrument(bytes, polls, loader);
            INSTRUMENTED.put(className, r);
            if (verbose) {
                System.err.println("[gmp preempt] " + r);
            }
            return r.bytes();
        } catch (RuntimeException | Error e) {
            System.err.println("[gmp preempt] could not instrument " + className + ", loaded without polls: " + e);
            return null;
        }
    }

    /** Whether the agent is running in this JVM. */
    public static boolean isInstalled() {
        return installed != null;
    }

    /** What the agent did to class {@code internalName}, or null if it left it alone. */
    public static PollInserter.Result instrumented(String internalName) {
        return INSTRUMENTED.get(internalName);
    }

    /** Every class the agent instrumented so far (internal names). */
    public static List<String> instrumentedClasses() {
        return INSTRUMENTED.keySet().stream().sorted().toList();
    }
}
