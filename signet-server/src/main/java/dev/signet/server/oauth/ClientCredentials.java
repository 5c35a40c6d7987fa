package dev.signet.server.oauth;

/** What a request presented to authenticate its client, and by which method. */
public record ClientCredentials(String clientId, String secret, String method) {

    public static final String BASIC = "client_secret_basic";
    public static final String POST = "client_secret_post";

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + " by " + method + "]";
    }
}
