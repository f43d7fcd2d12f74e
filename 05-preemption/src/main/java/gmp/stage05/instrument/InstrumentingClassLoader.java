package gmp.stage05.instrument;

import java.io.IOException;
import java.io.InputStream;

/**
 * The other way to make code preemptible, without an agent: a class loader that loads the
 * classes of its {@link Scope} itself (child first), through {@link PollInserter}, and
 * delegates every other class to its parent. The benchmarks use it to load one class three
 * times (no polls, entry polls, entry and back-edge polls) in the same JVM.
 *
 * <pre>
 *   ClassLoader l = new InstrumentingClassLoader(Scope.parse("com.example."), Polls.ENTRY_AND_BACKEDGE, getClass().getClassLoader());
 *   Runnable program = (Runnable) l.loadClass("com.example.Spinner").getDeclaredConstructor().newInstance();
 *   scheduler.run(() -> { program.run(); return null; });
 * </pre>
 * A class loaded here is a different class from the parent's copy of the same name: share
 * values through types the parent loads (JDK types, core API), as above.
 */
public final class InstrumentingClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Scope scope;
    private final PollInserter.Polls polls;
    private final PollInserter.Backedges backedges;

    public InstrumentingClassLoader(Scope scope, PollInserter.Polls polls, ClassLoader parent) {
        this(scope, polls, PollInserter.Backedges.DEFAULT, parent);
    }

    /** With the back-edge polls placed by {@code backedges} (exercises 5.2 and 5.3 use it). */
    public InstrumentingClassLoader(Scope scope, PollInserter.Polls polls, PollInserter.Backedges backedges, ClassLoader parent) {
        super("gmp-preempt-" + polls.name().toLowerCase(), parent);
        this.scope = scope;
        this.polls = polls;
        this.backedges = backedges;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        String internal = name.replace('.', '/');
        if (!scope.instruments(internal)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = define(name, internal);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> define(String name, String internal) throws ClassNotFoundException {
        byte[] original;
        try (InputStream in = getParent().getResourceAsStream(internal + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            original = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        byte[] bytes = PollInserter.instrument(original, polls, getParent(), backedges).bytes();
        return defineClass(name, bytes, 0, bytes.length);
    }
}
