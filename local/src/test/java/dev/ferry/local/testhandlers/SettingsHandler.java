package dev.ferry.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reports the Ferry settings a local run gave it, and its input. */
public class SettingsHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reportsUri", System.getProperty("ferry.reportsUri", "(unset)"));
        out.put("ledgerAutoCreate", System.getProperty("ferry.ledgerAutoCreate", "(unset)"));
        out.put("ledgerTable", System.getProperty("ferry.ledgerTable", "(unset)"));
        out.put("input", input);
        return out;
    }
}
