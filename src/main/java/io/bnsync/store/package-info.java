/**
 * Where runs and models are kept, on any Hadoop file system: {@link io.bnsync.store.RunDirectory} (a folder whose
 * files each become visible whole, by the commit protocol of its file system, {@link io.bnsync.store.FileCommit}),
 * {@link io.bnsync.store.Checkpoints} and the {@link io.bnsync.store.ModelStore}'s versions (complete only when their
 * manifest, {@link io.bnsync.store.FolderManifest}, is written last), and the store's lock with its lease
 * ({@link io.bnsync.store.StoreLock}). Errors are {@link io.bnsync.store.OutputException}s naming the location.
 */
package io.bnsync.store;
