package io.bnsync;

import io.bnsync.model.NativeRuntime;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Chooses ND4J's natives before any test loads ND4J, as Main does for the CLI. */
public class NativeRuntimeSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeRuntime.start();
    }
}
