package dev.signet.cli.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void prettyPrintsAndParsesBack() throws Exception {
        Map<String, Object> doc = JsonText.parseObject("{\"a\":[1,2.5,true,null,{}],\"b\":{\"c\":\"d\"},\"e\":[]}");
        String pretty = JsonText.pretty(doc, Style.PLAIN);
        assertThat(pretty)
                .isEqualTo("{\n  \"a\": [\n    1,\n    2.5,\n    true,\n    null,\n    {}\n  ],\n"
                        + "  \"b\": {\n    \"c\": \"d\"\n  },\n  \"e\": []\n}");
        assertThat(JsonText.parseObject(pretty)).isEqualTo(doc);
        assertThat(JsonText.compact(doc)).isEqualTo("{\"a\":[1,2.5,true,null,{}],\"b\":{\"c\":\"d\"},\"e\":[]}");
    }

    @Test
    void colourOnlyWhenAsked() throws Exception {
        Object v = JsonText.parse("{\"k\":\"v\"}");
        assertThat(JsonText.pretty(v, Style.COLOUR)).contains("\u001b[34m\"k\"\u001b[0m");
        assertThat(JsonText.pretty(v, Style.PLAIN)).doesNotContain("\u001b");
    }

    @Test
    void refusesDuplicatesAndTrailingContentAndEchoesNoBareWords() {
        assertThatThrownBy(() -> JsonText.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> JsonText.parse("{} {}")).hasMessageContaining("after");
        assertThatThrownBy(() -> JsonText.parse("{\"k\": s3cr3tValue}")).hasMessageNotContaining("s3cr3t");
    }

    @Test
    void escapesEverythingATerminalActsOn() {
        assertThat(JsonText.escape("a\u001b[2Jb\u0007\u009b\u202e\u2066\u2028\"\\"))
                .isEqualTo("a\\u001b[2Jb\\u0007\\u009b\\u202e\\u2066\\u2028\\\"\\\\");
        assertThat(JsonText.escape("héllo ✓")).isEqualTo("héllo ✓");
    }

    @Test
    void numbersKeepTheirType() throws Exception {
        assertThat(JsonText.parse("[1, 12345678901234567890, 1.5]"))
                .isEqualTo(List.of(1L, new java.math.BigInteger("12345678901234567890"), 1.5));
    }

    @Test
    void anyObjectParsesWhateverTypesItsClaimNamesHold() throws Exception {
        assertThat(JsonText.parseObject("{\"iss\":5,\"aud\":{},\"exp\":\"soon\"}"))
                .containsEntry("iss", 5L)
                .containsEntry("exp", "soon");
    }

    @Test
    void aValueCannotBreakOutOfTheObjectItIsReadIn() {
        assertThatThrownBy(() -> JsonText.parse("1, \"x\": 2")).isInstanceOf(JsonText.InvalidJson.class);
        assertThatThrownBy(() -> JsonText.parse("1}, {\"x\": 2")).isInstanceOf(JsonText.InvalidJson.class);
        assertThatThrownBy(() -> JsonText.parseObject("{}}, \"x\": {")).isInstanceOf(JsonText.InvalidJson.class);
        assertThatThrownBy(() -> JsonText.parse(" ")).hasMessage("no JSON value");
    }

    @Test
    void deepNestingIsRefusedWithALineForTheTerminal() {
        assertThatThrownBy(() -> JsonText.parse("[".repeat(5000) + "]".repeat(5000)))
                .isInstanceOf(JsonText.InvalidJson.class)
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageNotContaining("\n");
    }
}
