package dev.ferry.engine;

import java.util.Map;

/** A set of states with a start: the state machine, a Parallel branch or a Map's ItemProcessor. */
record StateGraph(String startAt, Map<String, State> states) {
    State state(String name) {
        return states.get(name);
    }
}
