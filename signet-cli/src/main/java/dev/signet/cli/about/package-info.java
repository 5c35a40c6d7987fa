/** What {@code signet} says about itself: {@code version} and {@code completion}. */
package dev.signet.cli.about;
