package gmp.stage05.instrument;

import gmp.core.contract.SchedulerContract;
import gmp.stage05.programs.Spinner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent as the tests run it ({@code -javaagent:...=include=gmp.core.contract.,gmp.stage05.programs.}). */
class PreemptAgentTest {

    @Test
    void theAgentInstrumentedTheProgramsAndNothingOfTheRuntimeOrTheJdk() {
        assertThat(PreemptAgent.isInstalled()).as("the agent is on this JVM's command line (see the pom)").isTrue();
        new Spinner();                                   // make sure both are loaded
        assertThat(SchedulerContract.class).isNotNull();
        assertThat(PreemptAgent.instrumented("gmp/stage05/programs/Spinner"))
                .as("Spinner was instrumented").isNotNull()
                .satisfies(r -> {
                    assertThat(r.entryPolls()).isEqualTo(4);    // spinWithoutCalls, spinWithCalls, spinUntil, step
                    assertThat(r.backedgePolls()).isEqualTo(3); // one loop each
                });
        assertThat(PreemptAgent.instrumented("gmp/core/contract/SchedulerContract")).isNotNull();
        assertThat(PreemptAgent.instrumentedClasses())
                .allSatisfy(c -> assertThat(c).matches("gmp/(core/contract|stage05/programs)/.*"));
        assertThat(PreemptAgent.instrumentedClasses()).noneMatch(c -> c.startsWith("gmp/stage05/instrument/"));
    }

    @Test
    void badAgentOptionsSayWhatIsAllowed() {
        assertThatThrownBy(() -> PreemptAgent.fromArgs(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("include=");
        assertThatThrownBy(() -> PreemptAgent.fromArgs("include=com.example.;polls=sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("polls=entry|entry+backedge");
        assertThat(PreemptAgent.fromArgs("include=com.example.;polls=entry;verbose")).isNotNull();
    }
}
