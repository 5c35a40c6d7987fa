package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Attacker-chosen text quoted in a message cannot forge a line, a field or a terminal sequence. */
class UntrustedTextTest {

    @Test
    void controlCharactersQuotesAndBackslashesBecomeQuestionMarks() {
        assertThat(UntrustedText.printable("a\nb\r\u001b[31m\"\\\u007f")).isEqualTo("a?b??[31m???");
    }

    @Test
    void nonAsciiIncludingBidiOverridesAndSurrogatesIsReplaced() {
        assertThat(UntrustedText.printable("k\u202eid\uD83D\uDE00é")).isEqualTo("k?id???");
    }

    @Test
    void longTextIsCutAt64WithAnAsciiEllipsis() {
        String cut = UntrustedText.printable("x".repeat(65));
        assertThat(cut).isEqualTo("x".repeat(64) + "...");
        assertThat(UntrustedText.printable("x".repeat(64))).isEqualTo("x".repeat(64));
    }

    @Test
    void resultFitsAnOAuthErrorDescription() {
        // RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E.
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            every.append(c);
        }
        for (int i = 0; i < every.length(); i += 64) {
            String p = UntrustedText.printable(every.substring(i, Math.min(every.length(), i + 64)));
            assertThat(p.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\');
        }
    }
}
