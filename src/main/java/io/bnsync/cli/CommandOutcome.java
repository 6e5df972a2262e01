package io.bnsync.cli;

/**
 * How a command ended: its exit code and, when it failed, the one-line error it printed.
 *
 * @param command  the subcommand's name ({@code train}, {@code pipeline}, …), or {@code bnsync} when none matched
 * @param exitCode one of {@link ExitCode}
 * @param error    the error line without its {@code error: } prefix; null on success
 */
record CommandOutcome(String command, int exitCode, String error) {
    boolean succeeded() {
        return exitCode == ExitCode.OK;
    }
}
