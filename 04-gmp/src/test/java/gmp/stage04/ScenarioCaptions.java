package gmp.stage04;

import gmp.stage04.ScenarioRecorder.MView;
import gmp.stage04.ScenarioRecorder.Move;
import gmp.stage04.ScenarioRecorder.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One-line captions, in English and Chinese, for the common steps of a scenario replay
 * ({@code go}, one schedule), told from what the recorder saw move, so a caption cannot claim a
 * move the scheduler did not make. Steps that happen once (a syscall, sysmon's looks) are
 * captioned by hand in {@link SeedScenariosTest}. Terms follow docs/glossary.md.
 */
final class ScenarioCaptions {

    private ScenarioCaptions() {
    }

    /** English and Chinese. */
    record Caption(String en, String zh) {
    }

    /** {@code creator} (on {@code m}) ran {@code go child()}. */
    static Caption go(String creator, String child, String m, State before, State after, List<Move> moves) {
        String p = after.m(m).p();
        StringBuilder en = new StringBuilder(creator + " runs go " + child + "(): " + child + " goes to " + p + "'s runnext slot");
        StringBuilder zh = new StringBuilder(creator + " 执行 go " + child + "()：" + child + " 放进 " + p + " 的 runnext 槽");
        List<String> kicked = gs(moves, "kick");
        List<String> overflow = gs(moves, "overflow");
        if (!overflow.isEmpty()) {
            String last = overflow.getLast();
            en.append("; ").append(last).append(", kicked out of runnext, finds the ring full, so runqputslow moves the ring's first half and ")
                    .append(last).append(" (").append(String.join(" ", overflow)).append(") to the global queue in one batch");
            zh.append("；被挤出 runnext 的 ").append(last).append(" 发现环形队列已满，runqputslow 把队列前一半连同 ")
                    .append(last).append("（").append(String.join(" ", overflow)).append("）一次性放进全局队列");
        } else if (!kicked.isEmpty()) {
            en.append("; ").append(kicked.getFirst()).append(", there before, moves to the tail of the ring");
            zh.append("；原来在那里的 ").append(kicked.getFirst()).append(" 移到环形队列的队尾");
        }
        woken(before, after, en, zh);
        return new Caption(en.append('.').toString(), zh.append('。').toString());
    }

    /** One pass of {@code m}'s schedule returned {@code got} (null: nothing). */
    static Caption schedule(String m, String got, State before, State after, List<Move> moves) {
        String p = before.m(m).p();
        StringBuilder en = new StringBuilder();
        StringBuilder zh = new StringBuilder();
        String had = before.m(m).g();
        if (had != null) {
            en.append(had).append(" finishes. ");
            zh.append(had).append(" 运行结束。");
        }
        Move took = moves.stream().filter(x -> x.g().equals(got)).findFirst().orElse(null);
        if (got == null) {
            en.append(m).append(" looks everywhere (its queue, the global queue, every P) and finds nothing: it gives up ")
                    .append(p).append(" (to the idle P list) and stops spinning");
            zh.append(m).append(" 找遍本地队列、全局队列和每个 P，什么也没找到：它把 ").append(p)
                    .append(" 放回空闲 P 列表，不再自旋");
        } else if (took == null || took.from() == null) {
            en.append(m).append(" runs ").append(got);
            zh.append(m).append(" 运行 ").append(got);
        } else if (took.from().endsWith(".runnext") && took.kind().equals("run")) {
            en.append(m).append(" takes ").append(got).append(" from ").append(p)
                    .append("'s runnext: it inherits the time slice, so schedtick does not move");
            zh.append(m).append(" 从 ").append(p).append(" 的 runnext 取出 ").append(got)
                    .append("：它继承上一个协程的时间片，schedtick 不变");
        } else if (took.kind().equals("run")) {
            en.append(m).append(" takes ").append(got).append(" from the head of ").append(p).append("'s ring");
            zh.append(m).append(" 从 ").append(p).append(" 环形队列的队头取出 ").append(got);
        } else if (took.kind().equals("batch")) {
            List<String> batch = gs(moves, "batch");
            if (before.p(p).schedtick() % 61 == 0) {
                en.append(m).append("'s schedtick is ").append(before.p(p).schedtick())
                        .append(", a multiple of 61, so it looks at the global queue first and takes one G: ").append(got);
                zh.append(m).append(" 的 schedtick 为 ").append(before.p(p).schedtick())
                        .append("，是 61 的倍数，所以先看全局队列，只取一个 G：").append(got);
            } else {
                en.append(m).append("'s queue is empty: it takes ").append(batch.size()).append(" G(s) from the global queue (")
                        .append(String.join(" ", batch)).append(") and runs ").append(got);
                zh.append(m).append(" 的本地队列为空：它从全局队列取了 ").append(batch.size()).append(" 个 G（")
                        .append(String.join(" ", batch)).append("），运行 ").append(got);
            }
        } else if (took.kind().equals("steal")) {
            String victim = took.from().substring(0, took.from().indexOf('.'));
            List<String> stolen = gs(moves, "steal");
            if (took.from().endsWith(".runnext")) {
                en.append(m).append(" finds every queue empty and, on its last round, steals ").append(victim)
                        .append("'s runnext: ").append(got);
                zh.append(m).append(" 发现所有队列都空，在最后一轮偷走 ").append(victim).append(" 的 runnext：").append(got);
            } else {
                en.append(m).append(" finds the global queue empty and steals half of ").append(victim).append("'s ring from its head (")
                        .append(String.join(" ", stolen)).append("), and runs ").append(got);
                zh.append(m).append(" 发现全局队列为空，从 ").append(victim).append(" 环形队列的队头偷走一半（")
                        .append(String.join(" ", stolen)).append("），运行 ").append(got);
            }
        } else {
            en.append(m).append(" runs ").append(got);
            zh.append(m).append(" 运行 ").append(got);
        }
        if (got != null && before.m(m).spinning() && !after.m(m).spinning()) {
            en.append("; it found work, so it stops spinning");
            zh.append("；找到了活，于是不再自旋");
        }
        woken(before, after, en, zh);
        return new Caption(en.append('.').toString(), zh.append('。').toString());
    }

    /** "wakep starts M3 spinning with P3", when a step handed an M a P to spin with. */
    private static void woken(State before, State after, StringBuilder en, StringBuilder zh) {
        for (MView m : after.ms()) {
            MView was = before.ms().stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
            if (m.nextp() != null && (was == null || !Objects.equals(was.nextp(), m.nextp()))) {
                String how = was == null ? "a new M, " : "";
                en.append("; wakep starts ").append(how).append(m.name()).append(", spinning, and hands it ").append(m.nextp());
                zh.append(was == null ? "；wakep 新建 " : "；wakep 唤醒休眠的 ").append(m.name()).append("（自旋），并把 ")
                        .append(m.nextp()).append(" 交给它");
            }
        }
    }

    private static List<String> gs(List<Move> moves, String kind) {
        List<String> out = new ArrayList<>();
        moves.stream().filter(x -> x.kind().equals(kind)).forEach(x -> out.add(x.g()));
        return out;
    }
}
