package dev.signet.server.oauth;

/**
 * What a request presented to authenticate its client, and by which method: a client secret, or
 * for {@code private_key_jwt} a signed client assertion (RFC 7523 §2.2) in {@code secret}, with
 * {@code clientId} null when the request did not name the client.
 */
public record ClientCredentials(String clientId, String secret, String method) {

    public static final String BASIC = "client_secret_basic";
    public static final String POST = "client_secret_post";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    /** RFC 7523 §2.2. */
    public static final String JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + " by " + method + "]";
    }
}
