package dev.signet.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void doubleStarMatchesZeroOrMoreSegments() {
        PathPattern p = PathPattern.parse("/orders/**");
        assertThat(p.matches("/orders")).isTrue();
        assertThat(p.matches("/orders/")).isTrue();
        assertThat(p.matches("/orders/7")).isTrue();
        assertThat(p.matches("/orders/7/lines")).isTrue();
        assertThat(p.matches("/ordersx")).isFalse();
        assertThat(p.matches("/order")).isFalse();
        assertThat(p.matches("/api/orders")).isFalse();
    }

    @Test
    void starMatchesExactlyOneSegment() {
        PathPattern p = PathPattern.parse("/orders/*/lines");
        assertThat(p.matches("/orders/7/lines")).isTrue();
        assertThat(p.matches("/orders/lines")).isFalse();
        assertThat(p.matches("/orders/7/8/lines")).isFalse();
        assertThat(p.matches("/orders//lines")).isFalse();
    }

    @Test
    void doubleStarInTheMiddle() {
        PathPattern p = PathPattern.parse("/a/**/z");
        assertThat(p.matches("/a/z")).isTrue();
        assertThat(p.matches("/a/b/c/z")).isTrue();
        assertThat(p.matches("/a/b/c")).isFalse();
    }

    @Test
    void literalsAreCaseSensitive() {
        PathPattern p = PathPattern.parse("/public/**");
        assertThat(p.matches("/public/x")).isTrue();
        assertThat(p.matches("/PUBLIC/x")).isFalse();
        assertThat(p.matches("/Public")).isFalse();
    }

    @Test
    void rootAndEverything() {
        assertThat(PathPattern.parse("/").matches("/")).isTrue();
        assertThat(PathPattern.parse("/").matches("/a")).isFalse();
        assertThat(PathPattern.parse("/**").matches("/")).isTrue();
        assertThat(PathPattern.parse("/**").matches("/a/b")).isTrue();
    }

    @Test
    void badPatternsAreRefused() {
        assertThatThrownBy(() -> PathPattern.parse("orders")).hasMessageContaining("starts with /");
        assertThatThrownBy(() -> PathPattern.parse("/a/../b")).hasMessageContaining("dot segments");
        assertThatThrownBy(() -> PathPattern.parse("/a/b*")).hasMessageContaining("whole segments");
        assertThatThrownBy(() -> PathPattern.parse("/a%2Fb")).hasMessageContaining("'%'");
        assertThatThrownBy(() -> PathPattern.parse("/a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> PathPattern.parse("/a?x")).hasMessageContaining("'?'");
    }
}
