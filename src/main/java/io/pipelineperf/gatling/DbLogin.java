package io.pipelineperf.gatling;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where the pipeline's database is and who the lab logs in as ({@code -Ddb.url=} and friends). */
public record DbLogin(String url, String user, String password) {

  boolean hasUrl() {
    return url != null && !url.isBlank();
  }

  /** A plain connection with bounded connect and socket timeouts (the URL's own settings win). */
  Connection connect() throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "60");
    p.setProperty("ApplicationName", "pipeline-perf-db-completion");
    return DriverManager.getConnection(url, p);
  }
}
