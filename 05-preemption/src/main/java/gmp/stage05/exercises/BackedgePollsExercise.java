package gmp.stage05.exercises;

import gmp.core.spi.ExerciseNotDone;
import gmp.stage05.instrument.PollInserter.BackedgePlacement;
import gmp.stage05.instrument.PollInserter.Poll;

import java.lang.classfile.CodeTransform;

/**
 * <b>Exercises 5.2 and 5.3: putting polls on loop back-edges with the Class-File API.</b> A JVM
 * thread cannot be stopped at an arbitrary instruction, so 05-async's "signal" is only heard where
 * the goroutine's code asks for it. A loop without calls asks nowhere — unless a poll sits at its
 * back-edge, the jump that starts the next iteration. Write the {@code CodeTransform}s that put
 * it there ({@code java.lang.classfile}, final in JDK 24+).
 *
 * <h2>5.2 — a poll before every backward jump</h2>
 * {@link #everyBackedge}: return {@code CodeTransform.ofStateful(() -> new CodeTransform() {...})}
 * — stateful, so each method gets a fresh one — whose {@code accept(CodeBuilder b, CodeElement e)}
 * <ul>
 *   <li>remembers every label it passes: a {@code LabelTarget t} binds {@code t.label()} here;</li>
 *   <li>before a {@code BranchInstruction br} whose {@code br.target()} it has already seen, or a
 *       {@code TableSwitchInstruction}/{@code LookupSwitchInstruction} with such a target (default
 *       or case), emits {@code poll.call(b)} and {@code counted.run()}: that jump goes backwards;</li>
 *   <li>and always passes the element on: {@code b.with(e)}.</li>
 * </ul>
 * Code is laid out in order, so "a label already seen" is exactly "a jump backwards". The poll
 * takes nothing from the operand stack and leaves nothing, so it fits in front of any jump; the
 * stack map frames are recomputed for you.
 * <br>Check: {@code ./mvnw -pl 05-preemption test -Pexercises -Dtest='Ex52*'} — the bytecode read
 * back ({@code PollInserterTest}: a poll right before every backward jump of for, nested for,
 * do-while and a loop around try/catch, none elsewhere), a counting poll called exactly once per
 * iteration, and 05-async stopping a loop without calls with your polls.
 *
 * <h2>5.3 — strip-mined: one call per {@code stride} back-edges</h2>
 * A call per iteration costs a loop with a real body ~10% (measured: {@code PollCostBenchmark}).
 * HotSpot's own safepoint polls are strip-mined; do the same in {@link #stripMined}: in
 * {@code atStart(CodeBuilder b)} take a new local ({@code b.allocateLocal(TypeKind.INT)}: a slot
 * above the method's own) and set it to {@code stride}; before each backward jump count it down
 * ({@code b.iinc(slot, -1)}), and only when it reaches 0 call the poll and set it back to
 * {@code stride} — a forward branch over the call ({@code Label skip = b.newLabel(); ...
 * b.ifgt(skip); ... b.labelBinding(skip)}). Keep those few instructions right before the jump.
 * <br>Check: {@code -Dtest='Ex53*'} — the same, with 1,000 iterations making 62 calls at stride 16,
 * and the preemption test still passing.
 *
 * <p>The reference is {@code PollInserter.REFERENCE}.
 */
public final class BackedgePollsExercise implements BackedgePlacement {

    @Override
    public CodeTransform everyBackedge(Poll poll, Runnable counted) {
        throw new ExerciseNotDone("5.2", "everyBackedge: a stateful CodeTransform that remembers the labels it has"
                + " passed and calls poll.call(b) (and counted.run()) before each jump to one of them");
    }

    @Override
    public CodeTransform stripMined(Poll poll, int stride, Runnable counted) {
        throw new ExerciseNotDone("5.3", "stripMined: a new int local set to stride in atStart; before each backward"
                + " jump decrement it and call the poll (and reset it to stride) only when it reaches 0");
    }
}
