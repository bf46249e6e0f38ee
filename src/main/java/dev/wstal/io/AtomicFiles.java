package dev.wstal.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file replacement that readers never see half-written: the content goes to a temporary file in the target's
 * directory (same file system, so the rename can be atomic), is forced to disk, then moved over the target with
 * {@code ATOMIC_MOVE}, falling back to {@code REPLACE_EXISTING} where atomic moves are unsupported. The temporary
 * file is removed when anything fails.
 */
public final class AtomicFiles {
  /** Writes the body of a file. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path tmp = null;
    FileChannel channel = null;
    // Files.createTempFile would create the file with mode 0600, which the rename would then give the target;
    // opening with CREATE_NEW keeps the process's usual permissions.
    for (int attempt = 0; channel == null; attempt++) {
      tmp = abs.resolveSibling(
          "." + abs.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException ex) {
        if (attempt >= 16) {
          throw ex;
        }
      }
    }
    boolean moved = false;
    try {
      try (FileChannel ch = channel;
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException ex) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
