package io.bnsync;

import io.bnsync.model.NativeBackend;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Chooses ND4J's natives before any test loads ND4J, as Main does for the CLI. */
public class NativeBackendSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBackend.configure();
    }
}
