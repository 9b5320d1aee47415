package dev.ferry.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.ferry.core.runtime.Dependencies;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reports the Ferry settings a local run built it with, and its input. */
public class SettingsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Dependencies deps;

    public SettingsHandler(Dependencies deps) {
        this.deps = deps;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reportsUri", deps.reportsLocation());
        out.put("ledgerAutoCreate", Boolean.toString(deps.ledgerAutoCreate()));
        out.put("ledgerTable", deps.ledgerTable());
        out.put("input", input);
        return out;
    }
}
