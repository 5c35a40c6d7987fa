/**
 * The {@code signet} command itself: its entry point, and the training runs the launcher builds its
 * class-data-sharing archives with.
 */
package dev.signet.cli;
