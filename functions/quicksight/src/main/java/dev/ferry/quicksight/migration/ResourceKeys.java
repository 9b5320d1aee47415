package dev.ferry.quicksight.migration;

/** The ledger key of a resource of this workflow: its type and its ARN (unique across accounts and regions). */
final class ResourceKeys {
    private ResourceKeys() {
    }

    static String key(String type, String name) {
        return type + ":" + name;
    }
}
