/** The command line: {@code train}, {@code evaluate}, {@code prepare}; exit codes in {@link io.bnsync.cli.ExitCode}. */
package io.bnsync.cli;
