package dev.ferry.engine;

/** The query language of a state: how its fields select and shape data. */
enum QueryLanguage {
    JSONPATH("JSONPath"),
    JSONATA("JSONata");

    private final String label;

    QueryLanguage(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static QueryLanguage parse(String text) {
        for (QueryLanguage language : values()) {
            if (language.label.equals(text)) {
                return language;
            }
        }
        return null;
    }
}
