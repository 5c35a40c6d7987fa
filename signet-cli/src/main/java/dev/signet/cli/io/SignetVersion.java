package dev.signet.cli.io;

import picocli.CommandLine.IVersionProvider;

/** The version of this Signet build, as recorded in the runnable jar's manifest. */
public final class SignetVersion implements IVersionProvider {

    /** The Implementation-Version of the jar, or {@code "dev"} when running from compiled classes. */
    public static String current() {
        String version = SignetVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"signet " + current()};
    }
}
