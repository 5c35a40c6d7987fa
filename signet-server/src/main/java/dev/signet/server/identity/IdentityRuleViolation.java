package dev.signet.server.identity;

/**
 * A username, password, role or other user field that breaks a rule: the field at fault, as the
 * caller spells it (a path in the bootstrap file, a JSON member in the admin API), and the rule.
 */
public final class IdentityRuleViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public IdentityRuleViolation(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field at fault, e.g. {@code tenants[0].users[1].password-env} or {@code password}. */
    public String field() {
        return field;
    }

    /** What is wrong with it, without the field. */
    public String reason() {
        return reason;
    }

    /** The same rule, charged to another field name. */
    public IdentityRuleViolation at(String otherField) {
        return new IdentityRuleViolation(otherField, reason);
    }
}
