package gmp.stage01;

import gmp.core.exercises.Exercise;
import gmp.core.exercises.Exercises;
import gmp.stage01.exercises.Coroutines;
import gmp.stage01.exercises.TinyCoroutines;

/** Exercise 1.1: N:1's rules, on your coroutines. */
@Exercise(id = "1.1", title = "coroutines from a bare Continuation")
class Ex11TinyCoroutinesTest extends CoroutinesTest {
    @Override
    protected Coroutines coroutines() {
        return Exercises.create(TinyCoroutines.class, Coroutines.class);
    }
}
