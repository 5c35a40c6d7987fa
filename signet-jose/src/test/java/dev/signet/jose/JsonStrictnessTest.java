package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonStrictnessTest {

    @Test
    void parsesTypesFaithfully() throws JoseException {
        Map<String, Object> m = Json.parseObject(
                "{\"s\":\"x\",\"i\":1,\"big\":123456789012345678901234567890,\"f\":1.5,\"t\":true,\"n\":null,"
                        + "\"a\":[1,\"b\"],\"o\":{\"k\":[]}}");
        assertThat(m.get("s")).isEqualTo("x");
        assertThat(m.get("i")).isEqualTo(1L);
        assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(m.get("f")).isEqualTo(1.5);
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m).containsKey("n");
        assertThat(m.get("n")).isNull();
        assertThat(m.get("a")).isEqualTo(List.of(1L, "b"));
        assertThat(m.get("o")).isEqualTo(Map.of("k", List.of()));
    }

    @Test
    void rejectsDuplicateMemberNamesAtAnyDepth() {
        assertThatThrownBy(() -> Json.parseObject("{\"a\":1,\"a\":2}")).hasMessageContaining("MALFORMED");
        assertThatThrownBy(() -> Json.parseObject("{\"o\":{\"a\":1,\"a\":2}}")).hasMessageContaining("MALFORMED");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "\"s\"",
                "1",
                "{\"a\":1} {}",
                "{\"a\":1}x",
                "{'a':1}",
                "{\"a\":01}",
                "{\"a\":NaN}",
                "{\"a\":1,}",
                "{/*c*/\"a\":1}",
                "{\"a\":\"\\x\"}",
                "{\"a\"",
                ""
            })
    void rejectsAnythingButOneStrictObject(String json) {
        assertThatThrownBy(() -> Json.parseObject(json))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void limitsNestingDepth() throws JoseException {
        String ok = "{\"a\":".repeat(15) + "1" + "}".repeat(15);
        assertThat(Json.parseObject(ok)).containsKey("a");
        String deep = "{\"a\":".repeat(17) + "1" + "}".repeat(17);
        assertThatThrownBy(() -> Json.parseObject(deep))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThatThrownBy(() -> Json.parseObject(bad)).isInstanceOf(JoseException.class);
    }

    @Test
    void writesWhatItReads() throws JoseException {
        String json = "{\"s\":\"x\\u0000\\\"\",\"i\":-1,\"a\":[true,null,{\"k\":2.5}]}";
        assertThat(Json.parseObject(Json.writeString(Json.parseObject(json)))).isEqualTo(Json.parseObject(json));
    }
}
