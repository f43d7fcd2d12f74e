package gmp.core.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a Chrome Trace Event JSON is what Perfetto needs: it parses; every complete
 * slice has numeric ts, dur, pid and tid; slices on one track never overlap; every flow that
 * starts also finishes. Returns the parsed events for the caller's own checks.
 */
public final class TraceChecks {
    private TraceChecks() {
    }

    public static List<JsonObject> validChromeTrace(String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        List<JsonObject> events = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("traceEvents")) {
            events.add(e.getAsJsonObject());
        }
        Map<String, List<double[]>> tracks = new HashMap<>();
        Set<Integer> flowStarts = new HashSet<>();
        Set<Integer> flowEnds = new HashSet<>();
        for (JsonObject e : events) {
            String ph = e.get("ph").getAsString();
            if (ph.equals("X")) {
                for (String f : List.of("ts", "dur", "pid", "tid")) {
                    assertThat(e.has(f) && e.get(f).getAsJsonPrimitive().isNumber()).as("slice has numeric %s: %s", f, e).isTrue();
                }
                assertThat(e.get("dur").getAsDouble()).isPositive();
                tracks.computeIfAbsent(e.get("pid").getAsInt() + "/" + e.get("tid").getAsInt(), k -> new ArrayList<>())
                        .add(new double[] {e.get("ts").getAsDouble(), e.get("dur").getAsDouble()});
            } else if (ph.equals("s")) {
                flowStarts.add(e.get("id").getAsInt());
            } else if (ph.equals("f")) {
                flowEnds.add(e.get("id").getAsInt());
            }
        }
        tracks.forEach((track, slices) -> {
            slices.sort(Comparator.comparingDouble(a -> a[0]));
            for (int i = 1; i < slices.size(); i++) {
                double prevEnd = slices.get(i - 1)[0] + slices.get(i - 1)[1];
                assertThat(slices.get(i)[0]).as("slice %d on track %s starts before the previous one ends", i, track)
                        .isGreaterThanOrEqualTo(prevEnd - 0.002);
            }
        });
        assertThat(flowEnds).as("every steal arrow that starts, ends").isEqualTo(flowStarts);
        return events;
    }

    /** The names of the tracks (thread_name metadata) of process {@code pid}. */
    public static Set<String> trackNames(List<JsonObject> events, int pid) {
        Set<String> names = new HashSet<>();
        for (JsonObject e : events) {
            if (e.get("ph").getAsString().equals("M") && e.get("name").getAsString().equals("thread_name")
                    && e.get("pid").getAsInt() == pid) {
                names.add(e.getAsJsonObject("args").get("name").getAsString());
            }
        }
        return names;
    }
}
