package dev.signet.server.signin;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One sign-in page to show: its template, the values it is rendered with, and the HTTP status.
 * Templates are compiled to classes at build time; every value is escaped for HTML.
 */
public record Page(int status, String template, Map<String, Object> model) {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    public Page {
        model = Collections.unmodifiableMap(new HashMap<>(model)); // values may be null (no error to show)
    }

    /** The page as HTML. */
    public String render() {
        StringOutput out = new StringOutput();
        ENGINE.render(template + ".jte", model, out);
        return out.toString();
    }
}
