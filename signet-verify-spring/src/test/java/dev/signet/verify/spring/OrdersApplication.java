package dev.signet.verify.spring;

import dev.signet.verify.Issuer;
import dev.signet.verify.TokenVerifier;
import java.security.Principal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small Spring Boot resource server, switched to signet-verify by its one JwtDecoder bean. */
@SpringBootApplication
public class OrdersApplication {

    @Bean
    JwtDecoder jwtDecoder(@Value("${orders.issuer}") String issuer) {
        return new SignetJwtDecoder(TokenVerifier.builder()
                .issuer(Issuer.builder(issuer)
                        .jwksUri(issuer + "/jwks")
                        .audiences("orders-api")
                        .build())
                .build());
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.POST, "/orders")
                        .hasAuthority("SCOPE_orders.write")
                        .anyRequest()
                        .hasAuthority("SCOPE_orders.read"))
                .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @RestController
    static class Orders {
        @GetMapping("/orders")
        String list(Principal who) {
            return "orders of " + who.getName();
        }

        @PostMapping("/orders")
        String create(Principal who) {
            return "created by " + who.getName();
        }
    }
}
