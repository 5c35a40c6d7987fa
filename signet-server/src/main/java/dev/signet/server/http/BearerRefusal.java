package dev.signet.server.http;

/** A refused bearer token at a resource of this server (userinfo): RFC 6750 §3 with its challenge. */
final class BearerRefusal extends Refusal {

    private static final long serialVersionUID = 1L;

    private final String challenge;

    BearerRefusal(String code, int status, String description) {
        super(code, status, description);
        String c = "Bearer realm=\"signet\"";
        if (code != null) {
            c += ", error=\"" + code + "\", error_description=\"" + description.replace("\"", "'") + "\"";
        }
        this.challenge = c;
    }

    @Override
    String challenge() {
        return challenge;
    }
}
