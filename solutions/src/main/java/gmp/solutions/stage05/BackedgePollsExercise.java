package gmp.solutions.stage05;

import gmp.stage05.instrument.PollInserter.BackedgePlacement;
import gmp.stage05.instrument.PollInserter.Poll;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Solution of exercises 5.2 and 5.3 (the skeleton is {@code gmp.stage05.exercises.BackedgePollsExercise}). */
public final class BackedgePollsExercise implements BackedgePlacement {

    @Override
    public CodeTransform everyBackedge(Poll poll, Runnable counted) {
        return CodeTransform.ofStateful(() -> new BackJumps() {
            @Override
            void beforeBackwardJump(CodeBuilder b) {
                poll.call(b);
                counted.run();
            }
        });
    }

    @Override
    public CodeTransform stripMined(Poll poll, int stride, Runnable counted) {
        return CodeTransform.ofStateful(() -> new BackJumps() {
            private int budget;

            @Override
            public void atStart(CodeBuilder b) {
                budget = b.allocateLocal(TypeKind.INT);  // above the method's own locals: nobody else uses it
                b.loadConstant(stride);
                b.istore(budget);
            }

            @Override
            void beforeBackwardJump(CodeBuilder b) {
                Label skip = b.newLabel();               // a forward label: not a back-edge of its own
                b.iinc(budget, -1);
                b.iload(budget);
                b.ifgt(skip);
                poll.call(b);
                b.loadConstant(stride);
                b.istore(budget);
                b.labelBinding(skip);
                counted.run();
            }
        });
    }

    /** Finds the backward jumps of one method: code is in order, so a jump to a label already passed goes back. */
    private abstract static class BackJumps implements CodeTransform {
        private final Set<Label> passed = new HashSet<>();

        abstract void beforeBackwardJump(CodeBuilder b);

        @Override
        public void accept(CodeBuilder b, CodeElement e) {
            boolean back = switch (e) {
                case LabelTarget t -> {
                    passed.add(t.label());
                    yield false;
                }
                case BranchInstruction br -> passed.contains(br.target());
                case TableSwitchInstruction ts -> anyPassed(ts.defaultTarget(), ts.cases());
                case LookupSwitchInstruction ls -> anyPassed(ls.defaultTarget(), ls.cases());
                default -> false;
            };
            if (back) {
                beforeBackwardJump(b);
            }
            b.with(e);
        }

        private boolean anyPassed(Label dflt, List<SwitchCase> cases) {
            return passed.contains(dflt) || cases.stream().anyMatch(c -> passed.contains(c.target()));
        }
    }
}
