package gmp.stage04;

import gmp.stage04.ScenarioRecorder.Frame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The seed article's ten scenarios as one self-contained HTML page (no network): a scenario
 * list, one step at a time with Prev/Next (arrow keys too), a caption in English and Chinese
 * per step, the "article says / Go does" note where they differ, and, beside the reference, the
 * learner's code replaying the same steps. Every picture is {@link ScenarioSvg} of a recorded
 * {@link Frame}; this class only lays the page out.
 *
 * <p>{@code #s=4&step=2} in the address opens scenario 4 at its second step ({@code &only} shows
 * just that step: the README's frames; {@code &compare=1} shows the first learner's run beside
 * the reference); {@code #selftest}
 * steps through every scenario with the keyboard handler and writes what it saw into
 * {@code <pre id="selftest">} (the browser test reads it).
 */
final class ScenarioPage {

    /** A run of one scenario test: its frames (the state before it first), or where it stopped. */
    record Run(List<Frame> frames, String failure) {
    }

    /** One scenario: a test of {@link SeedScenariosTest}, the reference run, and the learners' runs by label. */
    record Scenario(int number, String method, String title, Run reference, Map<String, Run> yours) {
    }

    /** Where the article and Go differ, told once per scenario number. */
    record Note(String articleEn, String goEn, String articleZh, String goZh) {
    }

    static final Map<Integer, Note> NOTES = Map.of(
            1, new Note("G2 joins the tail of P1's local queue.",
                    "G2 goes to P1's runnext slot and runs next; wakep also starts a spinning M with an idle P at once.",
                    "G2 加入 P1 本地队列的队尾。",
                    "G2 放进 P1 的 runnext 槽，下一个运行；wakep 还会立即带着一个空闲 P 唤起一个自旋的 M。"),
            3, new Note("G3..G6 fill the four slots of the queue.",
                    "The ring holds G3 G4 G5 and runnext holds the newest, G6: one G more fits before an overflow.",
                    "G3 到 G6 占满队列的四个槽。",
                    "环形队列里是 G3 G4 G5，最新的 G6 在 runnext：溢出前能多放一个。"),
            4, new Note("Creating G7 overflows the queue: half of it and G7 go to the global queue.",
                    "Creating G7 only kicks G6 into the last slot; creating G8 overflows: G3 G4 and G7 move in one batch, in order.",
                    "创建 G7 时队列溢出：一半连同 G7 移到全局队列。",
                    "创建 G7 只是把 G6 挤进最后一个槽；创建 G8 才溢出：G3 G4 和 G7 按原顺序一次移走。"),
            7, new Note("M2 takes a batch of n = min(len(GQ)/GOMAXPROCS + 1, len(GQ)/2) from the global queue.",
                    "A fresh P's first look (schedtick 0, a multiple of 61) takes exactly one G; later batches are min(len, len/GOMAXPROCS + 1, cap/2).",
                    "M2 从全局队列取一批 n = min(len(GQ)/GOMAXPROCS + 1, len(GQ)/2)。",
                    "新 P 的第一次查看（schedtick 为 0，是 61 的倍数）只取一个；之后每批为 min(len, len/GOMAXPROCS + 1, cap/2)。"),
            8, new Note("M2 steals half of P1's queue from its tail.",
                    "Thieves take the older half from the head; runnext is stolen only on the last of four rounds.",
                    "M2 从 P1 队列的队尾偷走一半。",
                    "窃取者从队头拿走较老的一半；runnext 只在四轮中的最后一轮才会被偷。"),
            9, new Note("Spinning Ms that find nothing keep spinning; at most GOMAXPROCS of them.",
                    "A spinning M that finds nothing gives up its P and sleeps on the idle M list; only one M is woken to spin at a time.",
                    "找不到活的自旋 M 会一直自旋，最多 GOMAXPROCS 个。",
                    "找不到活的自旋 M 交出 P，在空闲 M 列表上休眠；一次只唤醒一个 M 去自旋。"),
            10, new Note("A blocking syscall unbinds M and P at once; the P goes to another M.",
                    "The M lets go of the P but keeps it as oldp, marked SYSCALL, so no other M takes it; sysmon retakes it after at least one look, an empty P is left alone for up to 10 ms, and a syscall that returns first takes its P straight back.",
                    "阻塞的系统调用立即解绑 M 和 P，P 交给另一个 M。",
                    "M 放开 P 但把它记作 oldp，P 标为 SYSCALL，别的 M 不会拿走它；sysmon 至少看过一次后才收回它，空的 P 最多放任 10 毫秒，先返回的系统调用直接拿回自己的 P。"));

    private ScenarioPage() {
    }

    /** Writes {@code index.html} into {@code dir}; {@code sources} is the path from there to the test sources. */
    static Path write(Path dir, List<Scenario> scenarios, String sources) throws IOException {
        Files.createDirectories(dir);
        Path page = dir.resolve("index.html");
        Files.writeString(page, html(scenarios, sources), StandardCharsets.UTF_8);
        return page;
    }

    static String html(List<Scenario> scenarios, String sources) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>The ten scheduling scenarios, step by step: 04-gmp</title><style>").append(CSS).append("</style></head><body>");
        b.append("<header><h1>The ten scheduling scenarios, step by step <span lang=\"zh\">调度十场景，逐步图解</span></h1>")
                .append("<p>Each picture is the state of the real 04-gmp scheduler (GOMAXPROCS 4, 4-slot local queues) after one step of ")
                .append("<code>SeedScenariosTest</code>, recorded while the test ran; the arrows are what moved. ")
                .append("Keys: → or Space next step, ← back, ↓/↑ next/previous scenario.</p>")
                .append("<p lang=\"zh\">每张图都是真实的 04-gmp 调度器（GOMAXPROCS 为 4，本地队列 4 个槽）在 <code>SeedScenariosTest</code> ")
                .append("每一步之后的状态，在测试运行时记录；箭头表示这一步移动了什么。按键：→ 或空格下一步，← 上一步，↓/↑ 下一个/上一个场景。</p>")
                .append(LEGEND);
        boolean learners = scenarios.stream().anyMatch(s -> !s.yours().isEmpty());
        if (learners) {
            b.append("<p><label>Beside the reference, show <select id=\"variant\"><option value=\"\">nothing</option>");
            scenarios.getFirst().yours().keySet().forEach(k -> b.append("<option value=\"").append(escape(k)).append("\">")
                    .append(escape(k)).append("</option>"));
            b.append("</select></label></p>");
        }
        b.append("</header><nav id=\"scenarios\">");
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            b.append("<button data-index=\"").append(i).append("\">").append(escape(s.title())).append("</button>");
        }
        b.append("</nav><main>");
        b.append("<div class=\"controls\"><button id=\"prev\">◀ Prev</button><span id=\"counter\"></span>")
                .append("<button id=\"next\">Next ▶</button></div>");
        for (Scenario s : scenarios) {
            scenario(b, s, sources);
        }
        b.append("</main><pre id=\"selftest\" hidden></pre><script>").append(JS).append("</script></body></html>");
        return b.toString();
    }

    private static void scenario(StringBuilder b, Scenario s, String sources) {
        List<Frame> frames = s.reference().frames();
        b.append("<section class=\"scenario\" id=\"").append(s.method()).append("\" data-scenario=\"").append(s.number())
                .append("\" data-steps=\"").append(frames.size()).append("\" hidden>");
        b.append("<h2>").append(escape(s.title())).append("</h2>");
        Note n = NOTES.get(s.number());
        if (n != null) {
            b.append("<div class=\"note\"><p><b>The article says</b> ").append(escape(n.articleEn())).append(" <b>Go does</b> ")
                    .append(escape(n.goEn())).append("</p><p lang=\"zh\"><b>原文说</b>").append(escape(n.articleZh()))
                    .append("<b>Go 实际上</b>").append(escape(n.goZh())).append("</p><p class=\"small\">Asserted by <a href=\"")
                    .append(sources).append("/gmp/stage04/SeedScenariosTest.java\">SeedScenariosTest#").append(s.method())
                    .append("</a></p></div>");
        }
        if (s.reference().failure() != null) {
            b.append("<p class=\"failure\">").append(escape(s.reference().failure())).append("</p>");
        }
        for (int i = 0; i < frames.size(); i++) {
            Frame f = i == 0 ? before(frames.get(0)) : frames.get(i);
            b.append("<div class=\"step\" data-step=\"").append(i + 1).append("\" hidden>");
            b.append("<p class=\"caption\">").append(i == 0 ? "<b>Before.</b> " : "<b>" + i + ".</b> ").append(escape(f.en())).append("</p>");
            b.append("<p class=\"caption\" lang=\"zh\">").append(i == 0 ? "<b>开始前。</b>" : "<b>" + i + ".</b> ").append(escape(f.zh())).append("</p>");
            b.append("<div class=\"views\"><figure class=\"ref\"><figcaption>reference 04-gmp</figcaption>")
                    .append(ScenarioSvg.svg(f, i == 0 ? null : frames.get(i - 1).state())).append("</figure>");
            for (Map.Entry<String, Run> y : s.yours().entrySet()) {
                learner(b, y.getKey(), y.getValue(), i, f);
            }
            b.append("</div></div>");
        }
        b.append("</section>");
    }

    /** The state a scenario starts from, without the arrows of the step that made it. */
    private static Frame before(Frame f) {
        return f.scene() == 0 ? new Frame(0, f.en(), f.zh(), f.state(), List.of(), List.of())
                : new Frame(f.scene(), "Where the steps before this scenario left off.", "前面各步留下的状态。", f.state(), List.of(), List.of());
    }

    private static void learner(StringBuilder b, String label, Run run, int i, Frame reference) {
        b.append("<figure class=\"yours\" data-variant=\"").append(escape(label)).append("\"><figcaption>")
                .append(escape(label)).append("</figcaption>");
        if (i < run.frames().size()) {
            Frame f = i == 0 ? before(run.frames().get(0)) : run.frames().get(i);
            if (!f.state().equals(reference.state())) {
                b.append("<p class=\"failure\">differs from the reference here</p>");
            }
            b.append(ScenarioSvg.svg(f, i == 0 ? null : run.frames().get(i - 1).state()));
        } else {
            b.append("<p class=\"failure\">").append(escape(run.failure() == null
                    ? "your code recorded no step " + i : "stopped before this step: " + run.failure())).append("</p>");
        }
        b.append("</figure>");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String LEGEND = "<p class=\"legend\">Arrows: <span class=\"move-go\">go</span> (a new G), "
            + "<span class=\"move-kick\">kick</span> (runnext to the ring), <span class=\"move-overflow\">overflow</span> "
            + "(to the global queue), <span class=\"move-batch\">batch</span> (from the global queue), "
            + "<span class=\"move-steal\">steal</span> (from another P), <span class=\"move-run\">run</span> (to the M), "
            + "<span class=\"move-move\">move</span> (with an M in a syscall); yellow outline: changed in this step.</p>";

    private static final String CSS = """
            body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
            header,nav,main{max-width:1200px;margin:0 auto;padding:0 16px}
            h1{font-size:22px} h1 span{font-weight:normal;color:#555}
            nav{display:flex;flex-wrap:wrap;gap:4px}
            nav button{font-size:12px;padding:3px 6px;border:1px solid #bbb;background:#fff;border-radius:4px;cursor:pointer;max-width:280px;text-align:left}
            nav button[aria-current=true]{background:#fff3c4;border-color:#d4a800}
            .controls{display:flex;gap:12px;align-items:center;margin:12px 0}
            .controls button{font-size:15px;padding:4px 14px}
            .note{background:#eef4ff;border-left:4px solid #1565c0;padding:4px 12px;margin:8px 0}
            .note p{margin:4px 0} .small{font-size:12px;color:#555}
            .caption{margin:4px 0;font-size:16px}
            .views{display:flex;gap:8px} .views figure{flex:1;margin:0;background:#fff;border:1px solid #ddd;border-radius:6px}
            figcaption{font-size:12px;color:#555;padding:2px 8px}
            figure.yours{display:none} body[data-variant] figure.yours.shown{display:block}
            .failure{color:#b71c1c;font-weight:bold;padding:0 8px}
            svg.frame{width:100%;height:auto;display:block}
            svg .global{fill:#f5f5f5;stroke:#999}
            svg .label{font-size:14px;font-weight:bold;fill:#333} svg .small{font-size:12px;fill:#555}
            svg .p-box{fill:#f9fbe7;stroke:#827717;stroke-width:1.5} svg .p-box.status-idle{fill:#eeeeee;stroke:#9e9e9e}
            svg .p-box.status-syscall{fill:#fce4ec;stroke:#ad1457}
            svg .p-name,svg .m-name{font-size:16px;font-weight:bold}
            svg .slot{fill:#fff;stroke:#9e9e9e} svg .runnext{fill:#fff;stroke:#616161;stroke-dasharray:4 3}
            svg .m-box{fill:#e3f2fd;stroke:#1565c0;stroke-width:1.5} svg .m-spinning{fill:#fff8e1;stroke:#ef6c00;stroke-dasharray:6 3}
            svg .m-sleeping{fill:#eceff1;stroke:#90a4ae} svg .m-syscall{fill:#fce4ec;stroke:#ad1457}
            svg .changed,svg .p-box.changed,svg .m-box.changed{stroke:#f9a825;stroke-width:4} svg .p-move{font-size:13px;font-weight:bold;fill:#ad1457}
            svg .g circle{fill:#c8e6c9;stroke:#2e7d32} svg .g.moved circle{stroke:#f9a825;stroke-width:4}
            svg .g text,svg .exit text{font-size:13px;font-weight:bold}
            svg .exit circle{fill:none;stroke:#999;stroke-dasharray:3 3} svg .exit text{fill:#999;text-decoration:line-through}
            svg .move{fill:none;stroke-width:2.5} svg .arrow-label{font-size:12px;font-weight:bold}
            .move-go{stroke:#2e7d32;fill:#2e7d32;color:#2e7d32} .move-kick{stroke:#757575;color:#757575}
            .move-overflow{stroke:#ef6c00;color:#ef6c00} .move-batch{stroke:#1565c0;color:#1565c0}
            .move-steal{stroke:#c62828;color:#c62828} .move-run{stroke:#212121;color:#212121} .move-move{stroke:#6a1b9a;color:#6a1b9a}
            svg text.move-go,svg text.move-kick,svg text.move-overflow,svg text.move-batch,svg text.move-steal,svg text.move-run,svg text.move-move{stroke:none}
            svg text.move-go{fill:#2e7d32} svg text.move-kick{fill:#757575} svg text.move-overflow{fill:#ef6c00}
            svg text.move-batch{fill:#1565c0} svg text.move-steal{fill:#c62828} svg text.move-run{fill:#212121} svg text.move-move{fill:#6a1b9a}
            .legend span{font-weight:bold}
            #selftest{white-space:pre-wrap}
            body.only header,body.only nav,body.only .controls,body.only .note{display:none}
            body.only h2{font-size:18px;margin:8px 0}
            """;

    private static final String JS = """
            const sections = [...document.querySelectorAll('section.scenario')];
            const navs = [...document.querySelectorAll('nav button')];
            let si = 0, st = 0;
            function steps() { return sections[si].querySelectorAll('.step'); }
            function show() {
              sections.forEach((s, i) => s.hidden = i !== si);
              steps().forEach((d, j) => d.hidden = j !== st);
              navs.forEach((b, i) => b.setAttribute('aria-current', i === si));
              document.getElementById('counter').textContent = 'scenario ' + sections[si].dataset.scenario + ' · '
                + (st === 0 ? 'before its first step' : 'step ' + st + ' of ' + (steps().length - 1));
              if (location.hash !== '#selftest') history.replaceState(null, '', '#s=' + (si + 1) + '&step=' + (st + 1)
                + (document.body.classList.contains('only') ? '&only' : '')
                + (variant && variant.selectedIndex > 0 ? '&compare=' + variant.selectedIndex : ''));
            }
            function next() { if (st < steps().length - 1) st++; else if (si < sections.length - 1) { si++; st = 0; } show(); }
            function prev() { if (st > 0) st--; else if (si > 0) { si--; st = steps().length - 1; } show(); }
            function go(i) { si = Math.max(0, Math.min(sections.length - 1, i)); st = 0; show(); }
            document.addEventListener('keydown', e => {
              if (e.altKey || e.ctrlKey || e.metaKey || (e.target.closest && e.target.closest('select,input,textarea'))) return;
              if (e.key === 'ArrowRight' || e.key === ' ') { next(); e.preventDefault(); }
              else if (e.key === 'ArrowLeft') { prev(); e.preventDefault(); }
              else if (e.key === 'ArrowDown') { go(si + 1); e.preventDefault(); }
              else if (e.key === 'ArrowUp') { go(si - 1); e.preventDefault(); }
            });
            document.getElementById('next').onclick = next;
            document.getElementById('prev').onclick = prev;
            navs.forEach((b, i) => b.onclick = () => go(i));
            const variant = document.getElementById('variant');
            if (variant) variant.onchange = () => {
              if (variant.value) document.body.dataset.variant = variant.value; else delete document.body.dataset.variant;
              document.querySelectorAll('figure.yours').forEach(f => f.classList.toggle('shown', f.dataset.variant === variant.value));
              if (location.hash !== '#selftest') show();
            };
            if (location.hash.includes('&only')) document.body.classList.add('only');
            const compare = /&compare=(\\d+)/.exec(location.hash);
            if (variant && compare) { variant.selectedIndex = +compare[1]; variant.onchange(); }
            const m = /#s=(\\d+)(?:&step=(\\d+))?/.exec(location.hash);
            if (m) { si = Math.max(1, Math.min(sections.length, +m[1])) - 1; st = Math.max(0, Math.min(steps().length, +(m[2] || 1)) - 1); }
            show();
            if (location.hash === '#selftest') {
              const key = k => document.dispatchEvent(new KeyboardEvent('keydown', {key: k}));
              const lines = [];
              si = 0; st = 0; show();
              for (let i = 0; i < sections.length; i++) {
                const seen = [];
                const n = steps().length;
                for (let j = 0; j < n; j++) {
                  const visible = [...steps()].filter(d => !d.hidden);
                  seen.push(visible.length === 1 ? visible[0].dataset.step : 'x');
                  if (j < n - 1) key('ArrowRight');
                }
                const here = sections[si].id;
                key('ArrowRight');
                lines.push(here + ' steps=' + n + ' seen=' + seen.join(',') + ' then=' + sections[si].id);
              }
              if (variant && variant.options.length > 1) {
                variant.selectedIndex = 1; variant.onchange();
                si = 0; st = 1; show();
                const shown = [...steps()[1].querySelectorAll('figure.yours')].filter(f => getComputedStyle(f).display !== 'none');
                lines.push('compare ' + variant.value + ' shown=' + shown.length);
              }
              const out = document.getElementById('selftest');
              out.textContent = lines.join('\\n');
              out.hidden = false;
            }
            """;
}
