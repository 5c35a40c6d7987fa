package dev.signet.server.config;

/** Configuration that cannot be used: the message names the setting and what it accepts. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    public ConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    /** The setting at fault, as written in the YAML file (dotted path). */
    public String setting() {
        return setting;
    }
}
