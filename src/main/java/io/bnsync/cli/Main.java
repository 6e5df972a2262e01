package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.data.DataException;
import io.bnsync.model.ModelException;
import io.bnsync.model.NativeRuntime;
import io.bnsync.store.OutputException;
import io.bnsync.store.StoreLock;
import io.bnsync.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The command-line entry point: {@code bnsync <command> [options]}. */
@Command(name = "bnsync", mixinStandardHelpOptions = true, version = "bnsync 0.1.0",
        description = "Distributed training of a BatchNorm CNN on MNIST with DL4J on Spark, "
                + "with exact BatchNorm statistics sync.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PrepareCommand.class, PipelineCommand.class,
                ModelsCommand.class, PredictCommand.class, ScoreCommand.class, PlotCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    /** Declared for parsing and help; read from the raw arguments (even when parsing failed) by {@link StatusFile}. */
    @Option(names = StatusFile.OPTION, paramLabel = "URI", scope = CommandLine.ScopeType.INHERIT,
            description = "Write the outcome (exit code, error) as JSON here when the command ends; for cluster"
                    + " deploy mode, where the exit code does not reach spark-submit's caller.")
    String statusFile;

    public static void main(String[] args) {
        NativeRuntime.start();
        CommandOutcome outcome = execute(args);
        if (YarnClusterMode.active()) {
            if (!outcome.succeeded()) {
                throw new YarnClusterMode.CommandFailedException(outcome);
            }
            return;
        }
        System.exit(outcome.exitCode());
    }

    /** Runs a command and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return execute(args).exitCode();
    }

    /** Runs a command, then writes its outcome to {@code --status-file} when one was given. */
    static CommandOutcome execute(String... args) {
        String[] error = new String[1];
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            error[0] = oneLine(e);
            return report(e, parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose")));
        });
        cli.setParameterExceptionHandler((e, a) -> {
            error[0] = usageLine(e);
            return reportUsage(e, a);
        });
        CommandOutcome outcome = new CommandOutcome(commandName(args), cli.execute(args), error[0]);
        String statusFile = StatusFile.location(args);
        return statusFile == null ? outcome : recorded(outcome, statusFile);
    }

    /** The outcome, once written to the status file; one that cannot be written fails a command that succeeded. */
    private static CommandOutcome recorded(CommandOutcome outcome, String statusFile) {
        try {
            StatusFile.write(statusFile, outcome, SparkSessions.hadoopConfiguration());
            return outcome;
        } catch (RuntimeException e) {
            System.err.println("error: " + oneLine(e));
            return outcome.succeeded() ? new CommandOutcome(outcome.command(), exitCode(e), oneLine(e)) : outcome;
        }
    }

    /** The subcommand named in {@code args} (its first word that is not an option), or "bnsync". */
    private static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(StatusFile.OPTION)) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return "bnsync";
    }

    /** A mistyped or missing option: one line (with picocli's spelling suggestion), not the whole usage text. */
    private static int reportUsage(CommandLine.ParameterException e, String[] args) {
        System.err.println("error: " + usageLine(e));
        return ExitCode.USAGE;
    }

    private static String usageLine(CommandLine.ParameterException e) {
        String hint = e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
        return oneLine(e) + hint + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')";
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    private static int report(Exception e, boolean verbose) {
        System.err.println("error: " + oneLine(e));
        if (verbose) {
            e.printStackTrace();
        }
        return exitCode(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof DataException) {
            return ExitCode.DATA;
        }
        if (e instanceof ConfigException || e instanceof OutputException) {
            return ExitCode.USAGE;
        }
        if (e instanceof ModelException) {
            return ExitCode.MODEL;
        }
        if (e instanceof TrainingDivergedException) {
            return ExitCode.DIVERGED;
        }
        if (e instanceof StoreLock.StoreLockedException) {
            return ExitCode.LOCKED;
        }
        Throwable cause = e.getCause();
        return cause != null && cause != e ? exitCode(cause) : ExitCode.FAILURE;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
