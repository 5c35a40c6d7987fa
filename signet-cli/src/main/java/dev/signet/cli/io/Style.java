package dev.signet.cli.io;

import java.io.Console;

/**
 * How text is coloured: ANSI colours when stdout is a terminal and {@code NO_COLOR} is unset
 * (no-color.org), plain text otherwise, so pipes and files never receive escape codes.
 */
public final class Style {

    public static final Style PLAIN = new Style(false);
    static final Style COLOUR = new Style(true);

    private final boolean colour;

    private Style(boolean colour) {
        this.colour = colour;
    }

    /** Colour for a terminal, unless {@code NO_COLOR} is set to a non-empty value. */
    static Style forStdout() {
        String noColor = System.getenv("NO_COLOR");
        return isTerminal(System.console()) && (noColor == null || noColor.isEmpty()) ? COLOUR : PLAIN;
    }

    /**
     * Up to JDK 21 a console exists only when stdin and stdout are both a terminal; from JDK 22 one
     * exists even when they are redirected, and {@code Console.isTerminal()} (looked up at run time,
     * as the build targets 17) tells.
     */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException before22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    String key(String text) {
        return paint("34", text);
    }

    String string(String text) {
        return paint("32", text);
    }

    String number(String text) {
        return paint("36", text);
    }

    String literal(String text) {
        return paint("35", text);
    }

    public String heading(String text) {
        return paint("1", text);
    }

    public String warning(String text) {
        return paint("33", text);
    }

    public String good(String text) {
        return paint("32", text);
    }

    public String bad(String text) {
        return paint("31", text);
    }

    public String dim(String text) {
        return paint("2", text);
    }
}
