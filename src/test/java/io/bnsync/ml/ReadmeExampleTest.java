package io.bnsync.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.cli.Main;
import io.bnsync.data.SyntheticMnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's Spark ML example, taken from README.md as it is, compiled and run on prepare's Parquet (local[2]). */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesRunsAndLearns() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README has a ```java block");
        Path source = Files.createDirectories(dir.resolve("src")).resolve("DigitPipelineExample.java");
        Files.writeString(source, block.group(1));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", dir.resolve("classes").toString(), "-classpath",
                System.getProperty("java.class.path"), source.toString()), "the example compiles");

        Path parquet = dir.resolve("digits");
        assertEquals(0, Main.run("prepare", "--data", SyntheticMnist.folder().toString(), "--out", parquet.toString(),
                "--master", "local[2]"));
        String output = runMain(List.of(parquet.toString(), dir.resolve("model").toString()));
        Matcher accuracy = Pattern.compile("accuracy (\\d\\.\\d{4})").matcher(output);
        assertTrue(accuracy.find(), output);
        assertTrue(Double.parseDouble(accuracy.group(1)) >= 0.9, output);
        assertTrue(Files.exists(dir.resolve("model/stages")), "the PipelineModel was saved");
    }

    private String runMain(List<String> args) throws Exception {
        System.setProperty("spark.master", "local[2]");
        System.setProperty("spark.ui.enabled", "false");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Method main = loader.loadClass("DigitPipelineExample").getMethod("main", String[].class);
            main.invoke(null, (Object) args.toArray(String[]::new));
        } finally {
            System.setOut(original);
            System.clearProperty("spark.master");
            System.clearProperty("spark.ui.enabled");
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
