package dev.signet.server.config;

/** Configuration that cannot be used: the message names the setting and what it accepts. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String reason;

    public ConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
        this.reason = message;
    }

    /** The same problem, saying where the value came from, e.g. {@code environment variable SIGNET_SERVER_PORT}. */
    public ConfigException from(String source) {
        return new ConfigException(setting, reason + " (the value of " + source + ")");
    }

    /** The setting at fault, as written in the YAML file (dotted path). */
    public String setting() {
        return setting;
    }
}
