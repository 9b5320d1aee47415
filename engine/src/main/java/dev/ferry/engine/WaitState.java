package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Wait: waits a number of seconds or until a timestamp, in engine time (see
 * {@link LocalEngine.Builder#timeScale}), then passes its input on.
 */
final class WaitState extends State {
    private static final long MAX_SECONDS = 99_999_999L;

    private final StateIo io;
    private final Integer seconds;
    private final Instant timestamp;
    private final Path secondsPath;
    private final Path timestampPath;
    private final JsonataTemplate secondsTemplate;
    private final JsonataTemplate timestampTemplate;

    private WaitState(Header header, StateIo io, Integer seconds, Instant timestamp, Path secondsPath, Path timestampPath,
                      JsonataTemplate secondsTemplate, JsonataTemplate timestampTemplate) {
        super(header);
        this.io = io;
        this.seconds = seconds;
        this.timestamp = timestamp;
        this.secondsPath = secondsPath;
        this.timestampPath = timestampPath;
        this.secondsTemplate = secondsTemplate;
        this.timestampTemplate = timestampTemplate;
    }

    static WaitState parse(Header header, FieldReader r) {
        StateIo io = StateIoParser.parse(r, StateIoParser.FLOW);
        long given = Set.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath").stream().filter(r::has).count();
        if (given != 1) {
            throw r.invalid("a Wait state needs exactly one of Seconds, Timestamp" + (r.language() == QueryLanguage.JSONPATH ? ", SecondsPath, TimestampPath" : ""));
        }
        if (r.language() == QueryLanguage.JSONATA) {
            return new WaitState(header, io, null, null, null, null, r.jsonata("Seconds"), r.jsonata("Timestamp"));
        }
        String ts = r.string("Timestamp");
        Instant timestamp = ts == null ? null : Timestamps.parse(ts).orElseThrow(() -> r.invalid(
                "'Timestamp' must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, not " + ts));
        return new WaitState(header, io, r.integer("Seconds", 0), timestamp, r.path("SecondsPath"), r.path("TimestampPath"), null, null);
    }

    @Override
    Outcome execute(StateRun run) {
        JsonNode effective = io.effectiveInput(run);
        Duration wait = duration(run, effective);
        run.execution().sleep(wait, run.cancellation());
        run.cancellation().check();
        return io.complete(run, effective, null).to(next());
    }

    private Duration duration(StateRun run, JsonNode effective) {
        Instant now = run.services().clock().now();
        if (seconds != null) {
            return Duration.ofSeconds(seconds);
        }
        if (timestamp != null) {
            return Duration.between(now, timestamp);
        }
        boolean jsonata = run.state().language() == QueryLanguage.JSONATA;
        JsonNode value = jsonata
                ? (secondsTemplate != null ? secondsTemplate : timestampTemplate).evaluate(run.bindings(null, null), secondsTemplate != null ? "Seconds" : "Timestamp")
                : (secondsPath != null ? secondsPath : timestampPath).read(run.pathScope(effective));
        if (secondsPath != null || secondsTemplate != null) {
            if (!value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > MAX_SECONDS) {
                throw run.badValue("The Seconds of a Wait state must be a whole number from 0 to " + MAX_SECONDS + ", not " + value);
            }
            return Duration.ofSeconds(value.longValue());
        }
        Instant until = value.isTextual() ? Timestamps.parse(value.textValue()).orElse(null) : null;
        if (until == null) {
            throw run.badValue("The Timestamp of a Wait state must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z, not " + value);
        }
        return Duration.between(now, until);
    }

    @Override
    Set<String> assignedVariables() {
        Set<String> names = super.assignedVariables();
        names.addAll(io.assignedVariables());
        return names;
    }
}
