package gmp.workbook;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs name tests and methods as their evidence; this keeps them honest as the code moves:
 * every {@code `SomeTest.someMethod`} (or a {@code `SomeTest.prefix...`}) that CLAIMS.md and
 * docs/what-changed.md cite must name a member of a class in the source tree, and every row of
 * the ledger must have one of its four statuses.
 */
class DocsConsistencyTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern CITED = Pattern.compile("`([A-Z][A-Za-z0-9]*)\\.([a-zA-Z_][A-Za-z0-9_]*?)(\\.\\.\\.|_\\.\\.\\.)?`");
    private static final List<String> STATUSES = List.of("reproduced", "corrected", "outdated", "not reproducible in Java");

    /** Every .java file of the project, by simple class name. */
    private static Map<String, List<Path>> sources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/"))
                    .collect(Collectors.groupingBy(p -> p.getFileName().toString().replace(".java", "")));
        }
    }

    /** The {@code Class.method} citations of {@code doc} that name no existing method. */
    static List<String> missingCitations(String doc, Map<String, List<Path>> sources) {
        List<String> missing = new ArrayList<>();
        Matcher m = CITED.matcher(doc);
        while (m.find()) {
            String cls = m.group(1);
            String method = m.group(2);
            boolean prefix = m.group(3) != null;
            List<Path> files = sources.get(cls);
            if (files == null) {
                if (cls.endsWith("Test")) {
                    missing.add(m.group() + " (no class " + cls + ")");
                }
                continue;       // a JDK or Go name (Thread.currentThread, Config.timeSlice...): not ours to check
            }
            Pattern decl = Pattern.compile("\\b" + Pattern.quote(method) + (prefix ? "\\w*" : "\\b"));     // a method, field or nested type
            boolean found = files.stream().anyMatch(f -> decl.matcher(read(f)).find());
            if (!found) {
                missing.add(m.group());
            }
        }
        return missing;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyTestAndMethodTheClaimsLedgerCitesExists() throws IOException {
        String claims = Files.readString(ROOT.resolve("CLAIMS.md"));
        assertThat(missingCitations(claims, sources())).as("citations in CLAIMS.md with nothing behind them").isEmpty();
    }

    @Test
    void everyFunctionTheWhatChangedTablesNameExists() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/what-changed.md"));
        assertThat(missingCitations(doc, sources())).as("Class.member citations in docs/what-changed.md with nothing behind them")
                .isEmpty();
    }

    /** A Markdown link or image: {@code [text](target)}; the target up to a space, a ')' or a '#'. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]*)(#[^)\\s]*)?\\)");

    /** Every Markdown file of the project (not build output, not dependencies). */
    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md") && ours(p)).toList();
        }
    }

    /** A file of the project itself: not build output, dependencies, or a hidden directory (.git, .mvn). */
    private static boolean ours(Path p) {
        for (Path part : ROOT.relativize(p)) {
            String name = part.toString();
            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The workbook stands alone: a student's clone has nothing outside it, so every relative link
     * in every README, lab sheet and ledger must name a file of the repository (the source
     * documents and the reference figures are described in docs/sources.md, not linked).
     */
    @Test
    void everyRelativeLinkInTheDocsNamesAFileOfTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path md : markdownFiles()) {
            Matcher m = LINK.matcher(read(md));
            while (m.find()) {
                String target = m.group(1);
                if (target.isEmpty() || target.matches("[a-z]+:.*")) {
                    continue;       // an anchor in the same page, or https:, mailto:...
                }
                Path to = md.getParent().resolve(target).normalize();
                if (!to.startsWith(ROOT) || !Files.exists(to)) {
                    broken.add(ROOT.relativize(md) + ": " + target + (to.startsWith(ROOT) ? " (no such file)" : " (outside the repository)"));
                }
            }
        }
        assertThat(broken).as("relative links in the docs that a fresh clone cannot follow").isEmpty();
    }

    @Test
    void nothingInTheRepositoryPointsOutsideIt() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(md|java|sh|html|js|xml|txt)$") && ours(p)).toList()) {
                String text = read(f);
                String sibling = "../" + "shared/";     // split, so this file does not find itself
                if (text.contains(sibling)) {
                    outside.add(ROOT.relativize(f).toString());
                }
            }
        }
        assertThat(outside).as("files that refer to material outside the repository (../" + "shared)").isEmpty();
    }

    /** {@code ### 4.5 The 61 (experiment)} in solutions/README.md: the one list of exercises. */
    private static final Pattern NUMBERED = Pattern.compile("(?m)^### ([1-5]\\.[1-9]) .*\\((code|experiment)\\)$");
    private static final Pattern CITED_NUMBER = Pattern.compile("\\b([Ee]xercises?|[Ee]xperiments?) ([1-5]\\.[1-9])\\b");
    private static final Pattern LISTED = Pattern.compile("(?m)^- \\*\\*([1-5]\\.[1-9]) ");

    /**
     * One numbering of the exercises everywhere: solutions/README.md has them all ("### 4.5 ...
     * (experiment)"); each stage's README lists its own, numbered the same, in order; and every
     * "exercise N.M" or "experiment N.M" in the docs and the code names one that exists (an
     * "experiment" one that is an experiment).
     */
    @Test
    void everyExerciseNumberTheDocsUseIsTheSameEverywhere() throws IOException {
        Map<String, String> kinds = new java.util.LinkedHashMap<>();
        Matcher h = NUMBERED.matcher(read(ROOT.resolve("solutions/README.md")));
        while (h.find()) {
            kinds.put(h.group(1), h.group(2));
        }
        assertThat(kinds).as("numbered exercises in solutions/README.md").hasSizeGreaterThanOrEqualTo(20);
        List<String> wrong = new ArrayList<>();
        Map<String, String> stageReadmes = Map.of("1", "01-single-process", "2", "02-gm-global-queue",
                "3", "03-per-thread-queues", "4", "04-gmp", "5", "05-preemption");
        for (var e : stageReadmes.entrySet()) {
            List<String> listed = new ArrayList<>();
            Matcher l = LISTED.matcher(read(ROOT.resolve(e.getValue()).resolve("README.md")));
            while (l.find()) {
                listed.add(l.group(1));
            }
            List<String> expected = kinds.keySet().stream().filter(n -> n.startsWith(e.getKey() + ".")).toList();
            if (!listed.equals(expected)) {
                wrong.add(e.getValue() + "/README.md lists " + listed + ", solutions/README.md has " + expected);
            }
        }
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(md|java)$") && ours(p)).toList()) {
                Matcher c = CITED_NUMBER.matcher(read(f));
                while (c.find()) {
                    String kind = kinds.get(c.group(2));
                    if (kind == null) {
                        wrong.add(ROOT.relativize(f) + ": " + c.group() + " (there is no " + c.group(2) + ")");
                    } else if (c.group(1).toLowerCase().startsWith("experiment") && !kind.equals("experiment")) {
                        wrong.add(ROOT.relativize(f) + ": " + c.group() + " (" + c.group(2) + " is a code exercise)");
                    }
                }
            }
        }
        assertThat(wrong).as("exercise numbers that do not match solutions/README.md").isEmpty();
    }

    private static final Pattern BASH_BLOCK = Pattern.compile("(?s)```bash\\n(.*?)```");
    private static final Pattern TEST_NAME = Pattern.compile("\\b[A-Z]\\w*Test\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,])\\d+(?:,\\d{3})*(?:\\.\\d+)?");

    private static List<String> all(Pattern p, String text, int group) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(group));
        }
        return out;
    }

    /** A documented command without its trailing comment and spaces. */
    private static String command(String c) {
        return c.replaceFirst("\\s+#.*$", "").strip();
    }

    /**
     * The Chinese pages are translations, kept in step with the English: each Chinese lab sheet has
     * exactly the English sheet's commands, test names and numbers (of two digits or more), and
     * every command of the Chinese learning path is one of the root README's.
     */
    @Test
    void theChinesePagesSayWhatTheEnglishOnesSay() throws IOException {
        Path zh = ROOT.resolve("docs/labs/zh");
        List<String> wrong = new ArrayList<>();
        List<Path> sheets;
        try (Stream<Path> files = Files.list(zh)) {
            sheets = files.filter(p -> p.getFileName().toString().startsWith("lesson-")).sorted().toList();
        }
        assertThat(sheets).as("Chinese lab sheets").isNotEmpty();
        for (Path sheet : sheets) {
            Path english = ROOT.resolve("docs/labs").resolve(sheet.getFileName());
            if (!Files.exists(english)) {
                wrong.add(sheet.getFileName() + " has no English sheet");
                continue;
            }
            String z = read(sheet);
            String e = read(english);
            if (!all(BASH_BLOCK, z, 1).equals(all(BASH_BLOCK, e, 1))) {
                wrong.add(sheet.getFileName() + ": its commands differ from the English sheet's");
            }
            if (!new TreeSet<>(all(TEST_NAME, z, 0)).equals(new TreeSet<>(all(TEST_NAME, e, 0)))) {
                wrong.add(sheet.getFileName() + ": test names " + new TreeSet<>(all(TEST_NAME, z, 0)) + ", English " + new TreeSet<>(all(TEST_NAME, e, 0)));
            }
            Set<String> zn = all(NUMBER, z, 0).stream().filter(n -> n.replace(",", "").length() >= 2).collect(Collectors.toCollection(TreeSet::new));
            Set<String> en = all(NUMBER, e, 0).stream().filter(n -> n.replace(",", "").length() >= 2).collect(Collectors.toCollection(TreeSet::new));
            if (!zn.equals(en)) {
                wrong.add(sheet.getFileName() + ": numbers " + zn + ", English " + en);
            }
        }
        Set<String> readme = all(MVN, read(ROOT.resolve("README.md")), 0).stream().map(DocsConsistencyTest::command).collect(Collectors.toSet());
        for (String c : all(MVN, read(zh.resolve("README.md")), 0)) {
            if (!readme.contains(command(c))) {
                wrong.add("zh/README.md: a command the root README does not have: " + command(c));
            }
        }
        assertThat(wrong).as("where the Chinese pages and the English ones disagree").isEmpty();
    }

    /** Where a doc quotes the benchmark report: between these two comments. */
    static final String QUOTE_BEGIN = "<!-- numbers from docs/benchmarks -->";
    static final String QUOTE_END = "<!-- end of numbers from docs/benchmarks -->";

    /**
     * A benchmark figure a README quotes ("214 ± 9") must be one the generated report
     * (docs/benchmarks/README.md) printed, so a quoted number is never from another run than
     * the report beside it. The quoted passages are marked with {@link #QUOTE_BEGIN}.
     */
    @Test
    void everyBenchmarkFigureTheReadmesQuoteIsInTheGeneratedReport() throws IOException {
        String report = Files.readString(ROOT.resolve("docs/benchmarks/README.md"));
        Pattern figure = Pattern.compile("\\d[\\d,.]* ± \\d[\\d,.]*");
        int quoted = 0;
        for (String doc : List.of("README.md", "04-gmp/README.md")) {
            String text = Files.readString(ROOT.resolve(doc));
            assertThat(text).as("%s marks the numbers it quotes from docs/benchmarks", doc).contains(QUOTE_BEGIN);
            for (int a = text.indexOf(QUOTE_BEGIN); a >= 0; a = text.indexOf(QUOTE_BEGIN, a + 1)) {
                int b = text.indexOf(QUOTE_END, a);
                assertThat(b).as("%s: a quote of docs/benchmarks ends with %s", doc, QUOTE_END).isPositive();
                Matcher m = figure.matcher(text.substring(a, b));
                while (m.find()) {
                    quoted++;
                    assertThat(report).as("%s quotes %s; the generated report must say it", doc, m.group()).contains(m.group());
                }
            }
        }
        assertThat(quoted).as("figures quoted").isPositive();
    }

    @Test
    void everyRowOfTheLedgerHasAStatusAndASeed() throws IOException {
        List<String> bad = new ArrayList<>();
        Set<String> seeds = new TreeSet<>();
        int rows = 0;
        for (String line : Files.readAllLines(ROOT.resolve("CLAIMS.md"))) {
            if (!line.matches("\\| \\d+ \\|.*")) {
                continue;
            }
            rows++;
            String[] cells = line.split("\\|");
            String seedCell = cells[3].strip();
            String status = cells[4].strip();
            if (STATUSES.stream().noneMatch(status::startsWith)) {
                bad.add(line.substring(0, Math.min(60, line.length())) + " -> status '" + status + "'");
            }
            for (String s : seedCell.split(",\\s*")) {
                if (!s.matches("00[0-4]")) {
                    bad.add(line.substring(0, Math.min(60, line.length())) + " -> seed '" + s + "'");
                }
                seeds.add(s);
            }
        }
        assertThat(bad).as("rows without a known status or seed").isEmpty();
        assertThat(rows).as("claims in the ledger").isGreaterThan(50);
        assertThat(seeds).as("every seed document has claims in the ledger").containsExactly("000", "001", "002", "003", "004");
    }

    /**
     * Every Maven command the docs and sources hand a reader must work on a fresh clone: it names
     * modules that exist, and a command that runs a program ({@code exec:exec}) builds at least
     * the test classes first (the stages' test scope depends on core's test classes; at plain
     * {@code compile} Maven cannot resolve them and the command fails on a fresh machine).
     */
    @Test
    void everyDocumentedMavenCommandWorksOnAFreshClone() throws IOException {
        List<String> bad = new ArrayList<>();
        int commands = 0;
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> (p.toString().endsWith(".md") || p.toString().endsWith(".java")
                    || p.toString().endsWith(".xml") || p.toString().endsWith(".sh") || p.endsWith("run"))
                    && !p.toString().contains("/target/") && !p.toString().contains("/.git/")
                    && !p.endsWith("DocsConsistencyTest.java")).toList()) {
                for (String problem : commandProblems(read(f))) {
                    bad.add(ROOT.relativize(f) + ": " + problem);
                }
                commands += MVN.matcher(read(f)).results().count();
            }
        }
        assertThat(commands).as("Maven commands found in the docs").isGreaterThan(20);
        assertThat(bad).as("documented Maven commands that fail on a fresh clone").isEmpty();
        assertThat(ROOT.resolve("scripts/test-under-load.sh")).as("the README's load script").exists();
    }

    private static final Pattern MVN = Pattern.compile("(?:\\./mvnw|\\bmvn) [^`\\n|]*");

    /** What is wrong with the Maven commands in {@code text}: unknown modules, exec at compile. */
    static List<String> commandProblems(String text) {
        List<String> problems = new ArrayList<>();
        Matcher m = MVN.matcher(text);
        while (m.find()) {
            String cmd = m.group().strip();
            Matcher pl = Pattern.compile("-pl ([^ ]+)").matcher(cmd);
            if (pl.find()) {
                for (String module : pl.group(1).split(",")) {
                    String dir = module.replaceFirst("^:", "").replaceFirst("^\\./", "").replaceFirst("/$", "");
                    if (!Files.isRegularFile(ROOT.resolve(dir).resolve("pom.xml"))) {
                        problems.add("no module '" + module + "' in: " + cmd);
                    }
                }
            }
            if (cmd.contains("exec:exec") && !cmd.matches(".*\\b(test-compile|package|verify|install)\\b.*")) {
                problems.add("exec:exec without test-compile (fails on a fresh clone): " + cmd);
            }
        }
        return problems;
    }

    @Test
    void theCommandCheckCatchesABrokenCommand() {
        assertThat(commandProblems("`./mvnw -q -pl workbook test-compile exec:exec -Dtour=\"--help\"`")).isEmpty();
        assertThat(commandProblems("`./mvnw -q -pl workbook -am " + "compile exec:exec`")).hasSize(1);
        assertThat(commandProblems("`mvn -pl 06-" + "nothing test`")).hasSize(1);
    }

    @Test
    void theCheckerItselfCatchesAMissingCitation() throws IOException {
        Map<String, List<Path>> sources = sources();
        assertThat(missingCitations("`DocsConsistencyTest.everyTestAndMethod...`", sources)).isEmpty();
        String absent = "noSuch" + "Member";      // built here, so that no source file contains it
        assertThat(missingCitations("`DocsConsistencyTest." + absent + "`", sources)).hasSize(1);
        assertThat(missingCitations("`NoSuch" + "ClassTest.anything`", sources)).hasSize(1);
    }
}
