/** What every command shares: its run's context, inputs, exit codes and failures, and terminal-safe output. */
package dev.signet.cli.io;
