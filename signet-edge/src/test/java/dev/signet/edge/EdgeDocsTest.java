package dev.signet.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/edge.md shows the configurations the tests run, as they run them. */
class EdgeDocsTest {

    private static String doc() throws Exception {
        return Files.readString(Path.of("..", "docs", "edge.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theNginxConfigurationIsTheOneTheGatewayTestRuns() throws Exception {
        String conf;
        try (InputStream in = EdgeDocsTest.class.getResourceAsStream("/nginx/nginx.conf")) {
            conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(doc()).contains("```nginx\n" + conf + "```");
    }

    @Test
    void theDocumentedEdgeConfigurationLoads() throws Exception {
        assertThat(doc()).contains(EdgeConfigLoaderTest.DOCUMENTED);
    }
}
