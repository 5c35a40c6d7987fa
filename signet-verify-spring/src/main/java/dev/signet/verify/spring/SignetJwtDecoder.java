package dev.signet.verify.spring;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JwtClaims;
import dev.signet.verify.Principal;
import dev.signet.verify.TokenRejected;
import dev.signet.verify.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * A Spring Security {@link JwtDecoder} backed by a signet-verify {@link TokenVerifier}: the
 * verifier routes by issuer, fetches and caches keys within its limits and checks every claim;
 * this class turns what it accepted into Spring's {@link Jwt}. Declare it as the application's
 * {@code JwtDecoder} bean and Spring Boot's resource server uses it:
 *
 * <pre>{@code
 * @Bean
 * JwtDecoder jwtDecoder() {
 *     return new SignetJwtDecoder(TokenVerifier.builder()
 *         .issuer(Issuer.builder("https://auth.example.com/tenants/default").audiences("orders-api").build())
 *         .build());
 * }
 * }</pre>
 *
 * A refused token becomes a {@link BadJwtException} (Spring answers 401 {@code invalid_token});
 * keys that cannot be had become a plain {@link JwtException}, which Spring treats as a failure of
 * the service rather than of the token, as it does for its own decoder. Claims are converted as
 * Spring's own decoder converts them ({@code exp}, {@code iat}, {@code nbf} as instants, {@code aud}
 * as a list), so {@code SCOPE_} authorities come from {@code scope} or {@code scp} as usual.
 */
public final class SignetJwtDecoder implements JwtDecoder {

    private final TokenVerifier verifier;
    private final MappedJwtClaimSetConverter claims = MappedJwtClaimSetConverter.withDefaults(Map.of());

    public SignetJwtDecoder(TokenVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Principal p;
        try {
            p = verifier.verify(token);
        } catch (TokenRejected e) {
            if (e.reason() == TokenRejected.Reason.KEYS_UNAVAILABLE) {
                throw new JwtException(e.getMessage(), e);
            }
            throw new BadJwtException(e.getMessage(), e);
        }
        Map<String, Object> headers;
        try {
            int dot = token.indexOf('.');
            headers = JwtClaims.parse(new String(Base64Url.decode(token, 0, dot), StandardCharsets.UTF_8))
                    .asMap();
        } catch (JoseException e) {
            throw new BadJwtException("the token's header cannot be read: " + e.getMessage(), e);
        }
        Map<String, Object> converted = claims.convert(p.claims().asMap());
        return Jwt.withTokenValue(token)
                .headers(h -> h.putAll(headers))
                .claims(c -> c.putAll(converted))
                .build();
    }
}
