package dev.signet.verify.spring;

import dev.signet.verify.TokenVerifier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * An {@link AuthenticationManagerResolver} for a resource server that trusts several issuers: the
 * place Spring's {@code JwtIssuerAuthenticationManagerResolver} takes, with signet-verify's
 * routing underneath. The {@link TokenVerifier} already routes each token by its {@code iss} to
 * that issuer's keys, audiences and algorithms only, and refuses an unknown issuer before any key
 * is looked up; so every request resolves to the one manager built on it:
 *
 * <pre>{@code
 * http.oauth2ResourceServer(o -> o.authenticationManagerResolver(new SignetAuthenticationManagerResolver(verifier)));
 * }</pre>
 */
public final class SignetAuthenticationManagerResolver implements AuthenticationManagerResolver<HttpServletRequest> {

    private final AuthenticationManager manager;

    /** With Spring's default authorities ({@code SCOPE_} from {@code scope} or {@code scp}). */
    public SignetAuthenticationManagerResolver(TokenVerifier verifier) {
        this(verifier, new JwtAuthenticationConverter());
    }

    /** With the application's own conversion of a verified token into an authentication. */
    public SignetAuthenticationManagerResolver(
            TokenVerifier verifier, Converter<Jwt, ? extends AbstractAuthenticationToken> converter) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(new SignetJwtDecoder(verifier));
        provider.setJwtAuthenticationConverter(Objects.requireNonNull(converter, "converter"));
        this.manager = new ProviderManager(provider);
    }

    @Override
    public AuthenticationManager resolve(HttpServletRequest request) {
        return manager;
    }
}
