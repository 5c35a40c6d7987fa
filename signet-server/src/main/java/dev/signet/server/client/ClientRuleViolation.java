package dev.signet.server.client;

/**
 * A client registration that breaks one of the {@link ClientRules}: the field at fault, as the
 * caller spells it (a path in the bootstrap file, a JSON member in the admin API), and what it accepts.
 */
public final class ClientRuleViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public ClientRuleViolation(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field at fault, e.g. {@code tenants[0].clients[1].audiences} or {@code audiences}. */
    public String field() {
        return field;
    }

    /** What is wrong with it and what it accepts, without the field. */
    public String reason() {
        return reason;
    }
}
