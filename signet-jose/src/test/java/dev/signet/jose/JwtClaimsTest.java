package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException.Reason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtClaimsTest {

    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void typedAccessorsReadCustomClaimsAfterARoundTrip() throws JoseException {
        JwtClaims built = JwtClaims.builder()
                .issuer("https://i")
                .subject("s")
                .audience(List.of("a", "b"))
                .expiresAt(T)
                .notBefore(T)
                .issuedAt(T)
                .jwtId("j")
                .claim("scope", "read")
                .claim("n", 42)
                .claim("big", new BigInteger("123456789012345678901234567890"))
                .claim("ratio", 0.5)
                .claim("admin", true)
                .claim("roles", List.of("x", "y"))
                .claim("mixed", List.of(1, "two"))
                .claim("cnf", Map.of("jkt", "abc"))
                .claim("auth_time", T)
                .build();
        JwtClaims c = JwtClaims.parse(built.toJson());
        assertThat(c).isEqualTo(built);
        assertThat(c.issuer()).isEqualTo("https://i");
        assertThat(c.audience()).containsExactly("a", "b");
        assertThat(c.expiresAt()).isEqualTo(T);
        assertThat(c.getString("scope")).isEqualTo("read");
        assertThat(c.getLong("n")).isEqualTo(42L);
        assertThat(c.getNumber("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(c.getNumber("ratio")).isEqualTo(0.5);
        assertThat(c.getBoolean("admin")).isTrue();
        assertThat(c.getStringList("roles")).containsExactly("x", "y");
        assertThat(c.getList("mixed")).containsExactly(1L, "two");
        assertThat(c.getObject("cnf")).containsEntry("jkt", "abc");
        assertThat(c.getInstant("auth_time")).isEqualTo(T);
        assertThat(c.getString("absent")).isNull();
        assertThat(c.toString()).doesNotContain("read");
    }

    @Test
    void typedAccessorsRefuseTheWrongType() throws JoseException {
        JwtClaims c =
                JwtClaims.parse("{\"s\":\"x\",\"n\":1,\"l\":[1],\"nul\":null,\"big\":123456789012345678901234567890}");
        for (Runnable r : List.<Runnable>of(
                () -> call(() -> c.getBoolean("s")),
                () -> call(() -> c.getString("n")),
                () -> call(() -> c.getStringList("l")),
                () -> call(() -> c.getObject("l")),
                () -> call(() -> c.getString("nul")),
                () -> call(() -> c.getLong("big")))) {
            assertThatThrownBy(r::run).hasCauseInstanceOf(JoseException.class);
        }
    }

    @Test
    void registeredClaimsHaveTheirJsonTypes() {
        for (String json : List.of(
                "{\"exp\":\"1\"}",
                "{\"iss\":1}",
                "{\"aud\":{}}",
                "{\"aud\":[1]}",
                "{\"nbf\":true}",
                "{\"iat\":1e400}",
                "{\"exp\":123456789012345678901234567890}")) {
            assertThatThrownBy(() -> JwtClaims.parse(json))
                    .as(json)
                    .isInstanceOfSatisfying(
                            JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
    }

    @Test
    void numericDatesMayBeFractional() throws JoseException {
        assertThat(JwtClaims.parse("{\"exp\":1.5}").expiresAt()).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
    }

    private interface Call {
        Object run() throws JoseException;
    }

    private static void call(Call c) {
        try {
            c.run();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
