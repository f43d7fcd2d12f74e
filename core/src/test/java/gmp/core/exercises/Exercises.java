package gmp.core.exercises;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Where an exercise test gets the code it checks: the skeleton (the learner's copy, in the
 * stage module's {@code exercises} package), or, with {@code -Dgmp.exercises=solutions} (the
 * {@code solutions} module sets it), the solution of the same name:
 * {@code gmp.stage04.exercises.RunqExercise} is solved by {@code gmp.solutions.stage04.RunqExercise}.
 */
public final class Exercises {
    private Exercises() {
    }

    /** The system property that chooses skeletons (default) or solutions. */
    public static final String PROPERTY = "gmp.exercises";

    /** True when the solutions are checked instead of the skeletons. */
    public static boolean solutions() {
        String mode = System.getProperty(PROPERTY, "skeletons");
        return switch (mode) {
            case "skeletons" -> false;
            case "solutions" -> true;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be skeletons or solutions, got " + mode);
        };
    }

    /** The solution's class name for a skeleton's: gmp.stageNN.exercises.X -> gmp.solutions.stageNN.X. */
    public static String solutionName(Class<?> skeleton) {
        String pkg = skeleton.getPackageName();
        if (!pkg.startsWith("gmp.") || !pkg.endsWith(".exercises")) {
            throw new IllegalArgumentException(skeleton.getName() + " is not in a stage's exercises package");
        }
        String stage = pkg.substring("gmp.".length(), pkg.length() - ".exercises".length());
        return "gmp.solutions." + stage + "." + skeleton.getSimpleName();
    }

    /** The learner's classes the exercise tests have run so far (skeleton mode). */
    private static final java.util.Set<Class<?>> UNDER_TEST = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The bodies of exercise {@code id} that still throw "not done yet" in the learner's classes
     * the tests have used: the methods whose code still makes {@code new ExerciseNotDone(id, ...)}
     * (read from the class file, so a body counts as written as soon as its throw is gone).
     */
    public static java.util.List<String> unwrittenBodies(String id) {
        java.util.List<String> left = new java.util.ArrayList<>();
        for (Class<?> c : UNDER_TEST) {
            left.addAll(unwrittenBodies(c, id));
        }
        return left;
    }

    static java.util.List<String> unwrittenBodies(Class<?> c, String id) {
        java.util.List<String> left = new java.util.ArrayList<>();
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
        try (java.io.InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return left;
            }
            java.lang.classfile.ClassModel cm = java.lang.classfile.ClassFile.of().parse(in.readAllBytes());
            for (java.lang.classfile.MethodModel m : cm.methods()) {
                m.code().ifPresent(code -> {
                    boolean afterNew = false;
                    for (java.lang.classfile.CodeElement e : code) {
                        if (e instanceof java.lang.classfile.instruction.NewObjectInstruction n
                                && n.className().asInternalName().equals("gmp/core/spi/ExerciseNotDone")) {
                            afterNew = true;
                        } else if (afterNew && e instanceof java.lang.classfile.instruction.ConstantInstruction ci
                                && ci.constantValue() instanceof String s) {
                            afterNew = false;       // the first string after it is the exercise's id
                            String name = m.methodName().stringValue();
                            if (s.equals(id) && !left.contains(name)) {
                                left.add(name);
                            }
                        }
                    }
                });
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return left;
    }

    /** Classes planted in place of a skeleton's solution (see {@link #plant}). */
    private static final java.util.Map<Class<?>, Class<?>> PLANTED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Until the returned handle is closed, {@code impl} is the code under test for
     * {@code skeleton} (with {@code -Dgmp.exercises=solutions}): how the solutions module's
     * {@code MistakesTest} runs an exercise's own tests on a copy of the solution with one
     * classic mistake planted in it.
     */
    public static AutoCloseable plant(Class<?> skeleton, Class<?> impl) {
        PLANTED.put(skeleton, impl);
        return () -> PLANTED.remove(skeleton, impl);
    }

    /** The class under test: {@code skeleton} itself, or its solution (or what is planted in its place). */
    public static <T> Class<? extends T> implementation(Class<? extends T> skeleton, Class<T> type) {
        Class<?> planted = PLANTED.get(skeleton);
        if (planted != null) {
            return planted.asSubclass(type);
        }
        if (!solutions()) {
            UNDER_TEST.add(skeleton);
            return skeleton;
        }
        String name = solutionName(skeleton);
        try {
            return Class.forName(name).asSubclass(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no solution " + name + " for " + skeleton.getName()
                    + " on the class path (-D" + PROPERTY + "=solutions)", e);
        }
    }

    /**
     * A new instance of the code under test, as a {@code type}, built with the public
     * constructor that takes {@code args}. An exception from the constructor is rethrown as is
     * (a skeleton may throw "not done yet" there).
     */
    public static <T> T create(Class<? extends T> skeleton, Class<T> type, Object... args) {
        Class<? extends T> impl = implementation(skeleton, type);
        for (Constructor<?> c : impl.getConstructors()) {
            if (accepts(c.getParameterTypes(), args)) {
                try {
                    return type.cast(c.newInstance(args));
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot construct " + impl.getName(), e);
                }
            }
        }
        throw new IllegalStateException(impl.getName() + " needs a public constructor taking "
                + Arrays.stream(args).map(a -> a == null ? "null" : a.getClass().getSimpleName()).toList()
                + " (keep the skeleton's constructor)");
    }

    private static boolean accepts(Class<?>[] params, Object[] args) {
        if (params.length != args.length) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            Class<?> p = params[i].isPrimitive() ? box(params[i]) : params[i];
            if (args[i] != null && !p.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> box(Class<?> primitive) {
        return switch (primitive.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            default -> throw new IllegalArgumentException("unsupported constructor parameter " + primitive);
        };
    }
}
