package dev.signet.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void refusesShortPasswordsCountingCharactersNotBytes() {
        assertThatThrownBy(() -> PasswordPolicy.check("password", "elevenchars"))
                .isInstanceOf(IdentityRuleViolation.class)
                .hasMessageContaining("at least 12 characters");
        // 12 code points, 24 UTF-16 units and 48 bytes: long enough.
        assertThat(PasswordPolicy.check("password", "😀😁😂🤣😃😄😅😆😉😊😋😎")).isNotNull();
        // 11 code points in 22 UTF-16 units: too short.
        assertThatThrownBy(() -> PasswordPolicy.check("password", "😀😁😂🤣😃😄😅😆😉😊😋"))
                .hasMessageContaining("at least 12");
    }

    @Test
    void refusesPasswordsOverTheByteLimit() {
        assertThat(PasswordPolicy.check("p", "a".repeat(1024))).hasSize(1024);
        assertThatThrownBy(() -> PasswordPolicy.check("p", "é".repeat(513))).hasMessageContaining("at most 1024 bytes");
    }

    @Test
    void refusesCommonPasswordsWhateverTheirCase() {
        assertThatThrownBy(() -> PasswordPolicy.check("password", "1q2w3e4r5t6y"))
                .hasMessageContaining("list of common passwords");
        assertThatThrownBy(() -> PasswordPolicy.check("password", "JamesBond007"))
                .hasMessageContaining("common");
        assertThat(PasswordPolicy.check("password", "plum tractor lantern")).isNotNull();
    }

    @Test
    void usernamesCompareByNfkcAndCaseFold() {
        assertThat(Usernames.key("ＡＬＩＣＥ")).isEqualTo(Usernames.key("alice"));
        assertThat(Usernames.key(" Alice ")).isEqualTo("alice");
        assertThat(Usernames.key("STRASSE")).isEqualTo(Usernames.key("straße"));
        assertThat(Usernames.check("u", "  Bob Example ")).isEqualTo("Bob Example");
    }

    @Test
    void usernamesRefuseControlCharactersAndExcessLength() {
        assertThatThrownBy(() -> Usernames.check("username", "al\u0000ice")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> Usernames.check("username", "al\u200Bice")).hasMessageContaining("U+200B");
        assertThatThrownBy(() -> Usernames.check("username", "a\nb")).hasMessageContaining("control");
        assertThatThrownBy(() -> Usernames.check("username", "   ")).hasMessageContaining("required");
        assertThatThrownBy(() -> Usernames.check("username", "x".repeat(129))).hasMessageContaining("at most 128");
        assertThat(Usernames.valid("x".repeat(128))).isTrue();
    }

    @Test
    void rolesAndEmailsAreBounded() {
        java.util.List<String> fifty = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "r".repeat(60) + i)
                .toList();
        assertThat(Users.roles("roles", fifty)).hasSize(50);
        java.util.List<String> more = new java.util.ArrayList<>(fifty);
        more.add("one-more");
        assertThatThrownBy(() -> Users.roles("roles", more)).hasMessageContaining("at most 50 roles");
        assertThatThrownBy(() -> Users.roles("roles", java.util.List.of("r".repeat(65))))
                .hasMessageContaining("not a role name");
        assertThat(String.join(" ", fifty).length()).as("fits the roles column").isLessThanOrEqualTo(4000);
        assertThat(Users.email("email", " alice@example.com ")).isEqualTo("alice@example.com");
        assertThatThrownBy(() -> Users.email("email", "alice")).hasMessageContaining("email address");
        assertThatThrownBy(() -> Users.email("email", "a@b@c")).hasMessageContaining("email address");
    }
}
