package dev.signet.server.signin;

/**
 * What every sign-in page's form carries: where it posts, the pending request it continues and its
 * CSRF token; and the stylesheet the page links to.
 *
 * @param action the form's target path (empty on pages without a form)
 * @param request the pending request's id (hidden field {@code request})
 * @param csrf the CSRF token (hidden field {@code csrf_token})
 */
public record PageForm(String stylesheet, String action, String request, String csrf) {

    /** A page without a form (the error and signed-out pages). */
    public static PageForm none(String stylesheet) {
        return new PageForm(stylesheet, "", "", "");
    }
}
