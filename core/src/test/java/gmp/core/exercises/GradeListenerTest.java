package gmp.core.exercises;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The grade's table and JSON, from rows filled by hand (the listener itself runs under -Pgrade). */
class GradeListenerTest {

    @Test
    void theFirstFailureIsTheLineAfterTheKitsHeader() {
        String message = """
                Exercise 4.1 (the lock-free ring and runnext), test "x()" on your code:
                  exercise 4.1 not done yet: runqput: write the slot, then publish the tail
                  (that body of the skeleton still throws: write it, then run this test again)""";
        assertThat(GradeListener.firstLines(message)).isEqualTo("exercise 4.1 not done yet: runqput: write the slot, then publish the tail");
        assertThat(GradeListener.firstLines("expected: 1\n but was: 2")).isEqualTo("expected: 1");
    }

    @Test
    void theTableHasARowPerExerciseAndATotal_andTheJsonQuotesWhatItMust() {
        GradeListener g = new GradeListener();
        GradeListener.Row done = new GradeListener.Row("matchmg");
        done.run = 3;
        done.passed = 3;
        GradeListener.Row todo = new GradeListener.Row("nextgandunlock");
        todo.run = 4;
        todo.passed = 1;
        todo.firstFailure = "T.m: a \"quoted\" word\\";
        g.rows().put("2.1", done);
        g.rows().put("2.2", todo);
        assertThat(g.table()).contains("2.1         3/3    all pass (matchmg)")
                .contains("2.2         1/4    T.m: a \"quoted\" word\\").contains("total       4/7    3 test(s) to go");
        assertThat(g.json()).contains("{\"id\": \"2.2\", \"title\": \"nextgandunlock\", \"passed\": 1, \"run\": 4,"
                + " \"firstFailure\": \"T.m: a \\\"quoted\\\" word\\\\\"}");
    }
}
