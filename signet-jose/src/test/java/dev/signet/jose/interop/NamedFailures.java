package dev.signet.jose.interop;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Puts the parameterized test's display name ({@code "PS384: Nimbus signs, Signet verifies"}) in
 * front of a failure's message: report files and consoles otherwise show only the method name
 * and an invocation index.
 */
final class NamedFailures implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        if (t instanceof TestAbortedException) {
            throw t;
        }
        String what = t instanceof AssertionError ? "" : t.getClass().getSimpleName() + ": ";
        AssertionError named = new AssertionError(context.getDisplayName() + " — " + what + t.getMessage(), t);
        named.setStackTrace(t.getStackTrace());
        throw named;
    }
}
