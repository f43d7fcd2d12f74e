package gmp.core.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium for the tests that look at a page as a reader does (the tour's report, the
 * scenario pictures): Debian's {@code chromium}, which {@code .ci/run} installs when it is
 * missing. {@link #find} is null where there is none; such tests say so and are skipped, they
 * never pass without a browser.
 */
public final class Chromium {

    /** What Chromium printed. */
    public record Result(String out, String err) {
    }

    private final String exe;
    private final Path profile;

    private Chromium(String exe, Path profile) {
        this.exe = exe;
        this.profile = profile;
    }

    /** The Chromium on PATH (chromium, chromium-browser or google-chrome), or null. */
    public static Chromium find(Path profile) {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return new Chromium(f.getPath(), profile.toAbsolutePath());
                }
            }
        }
        return null;
    }

    /** Why a test was skipped. */
    public static final String MISSING = "no Chromium on this machine (looked for chromium, chromium-browser, google-chrome on PATH): "
            + "install Debian's chromium to run this test (.ci/run does)";

    /** Runs headless Chromium with {@code args}; fails if it takes more than two minutes. */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-default-apps", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("Chromium did not finish within 120 s: " + cmd);
            }
            return new Result(Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
