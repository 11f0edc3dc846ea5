package io.pipelineperf.service;

import java.io.FileInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handles the planted {@code fd-leak} and {@code session-leak} open and never close. They stay
 * referenced here: an unreachable {@link FileInputStream} or pgjdbc connection would be closed by
 * its cleaner after a GC, and the leak would heal itself.
 */
final class LeakedHandles {

  private static final Logger log = LoggerFactory.getLogger(LeakedHandles.class);

  /** Opens a PostgreSQL connection outside the pool. */
  @FunctionalInterface
  interface SessionOpener {
    Connection open() throws SQLException;
  }

  private final List<FileInputStream> files = new ArrayList<>();
  private final List<Connection> sessions = new ArrayList<>();
  private final int maxSessions;
  private final SessionOpener opener;

  /**
   * @param maxSessions at most this many sessions are leaked, so that the database's
   *     max_connections is never reached (the run would then measure the server's refusals)
   */
  LeakedHandles(SessionOpener opener, int maxSessions) {
    this.opener = opener;
    this.maxSessions = maxSessions;
  }

  synchronized void openFile() {
    try {
      files.add(new FileInputStream("/dev/null"));
    } catch (IOException e) {
      log.warn("fd-leak: could not open /dev/null ({})", e.toString());
    }
  }

  void openSession() {
    synchronized (this) {
      if (sessions.size() >= maxSessions) {
        return;
      }
    }
    try {
      Connection c = opener.open();
      synchronized (this) {
        sessions.add(c);
      }
    } catch (SQLException e) {
      log.warn("session-leak: could not open a connection ({})", e.toString());
    }
  }

  synchronized int files() {
    return files.size();
  }

  synchronized int sessions() {
    return sessions.size();
  }
}
