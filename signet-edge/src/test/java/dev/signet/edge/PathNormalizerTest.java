package dev.signet.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

    @ParameterizedTest
    @CsvSource({
        "/orders, /orders",
        "/orders/7?expand=lines, /orders/7",
        "/orders#frag, /orders",
        "/public/../admin, /admin",
        "/public/./x, /public/x",
        "/public/%2e%2e/admin, /admin",
        "/public/%2E%2E/admin, /admin",
        "/public/.%2e/admin, /admin",
        "/a/b/.., /a/",
        "/%7Ealice, /~alice",
        "/%41%42c, /ABc",
        "/caf%c3%a9, /caf%C3%A9",
        "//admin, /admin",
        "/public//x, /public/x",
        "/a%20b, /a%20b",
        "/.., /",
    })
    void normalises(String target, String expected) {
        assertThat(PathNormalizer.normalize(target)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/public/..%2fadmin",
                "/public/%2e%2e%2fadmin",
                "/public/%2Fadmin",
                "/public/%2fadmin",
                "/public%5c..%5cadmin",
                "/public/%5Cadmin",
                "/public\\..\\admin",
                "/public/%00/x",
                "/public/x%00.json",
                "/public/a..b",
                "/public/%2e%2e%2e",
                "/public//../admin",
                "/public/%zz",
                "/public/%2",
                "relative/path",
                "",
                "/a b",
                "/caf\u00e9",
                "/public/\u0000",
                "http://evil.example/admin",
            })
    void refuses(String target) {
        assertThat(PathNormalizer.normalize(target)).isEmpty();
    }
}
