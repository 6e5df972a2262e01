package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.data.DataException;
import io.bnsync.model.ModelException;
import io.bnsync.model.NativeBackend;
import io.bnsync.pipeline.OutputException;
import io.bnsync.pipeline.StoreLock;
import io.bnsync.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command-line entry point: {@code bnsync <command> [options]}. */
@Command(name = "bnsync", mixinStandardHelpOptions = true, version = "bnsync 0.1.0",
        description = "Distributed training of a BatchNorm CNN on MNIST with DL4J on Spark, "
                + "with exact BatchNorm statistics sync.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PrepareCommand.class, PipelineCommand.class,
                ModelsCommand.class, PredictCommand.class, PlotCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        NativeBackend.configure();
        int code = run(args);
        System.exit(code);
    }

    /** Runs a command and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, parseResult.hasMatchedOption("--verbose")
                || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))));
        cli.setParameterExceptionHandler(Main::reportUsage);
        return cli.execute(args);
    }

    /** A mistyped or missing option: one line (with picocli's spelling suggestion), not the whole usage text. */
    private static int reportUsage(CommandLine.ParameterException e, String[] args) {
        String hint = e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
        System.err.println("error: " + oneLine(e) + hint + " (see '"
                + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        return ExitCode.USAGE;
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
