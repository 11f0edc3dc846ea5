package io.pipelineperf.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;

/**
 * A pipeline that is already running somewhere ({@code -Dtarget=external}): settings {@code
 * kafka.bootstrap}, {@code db.url}, {@code db.user}, {@code db.password} and, only for a service
 * with HTTP ingress or a readiness endpoint, {@code http.url} (system property, else environment
 * variable KAFKA_BOOTSTRAP, DB_URL, ...). Starts nothing; checks that everything answers; creates
 * missing topics unless {@code -Dstack.createTopics=false}.
 */
public final class ExternalStack implements Stack {
  private static final Pattern BOOTSTRAP =
      Pattern.compile("[A-Za-z0-9.\\-_\\[\\]:]+:[0-9]{1,5}(,[A-Za-z0-9.\\-_\\[\\]:]+:[0-9]{1,5})*");
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(15);

  private final String kafkaBootstrap;
  private final String dbUrl;
  private final String dbUser;
  private final String dbPassword;
  private final String httpUrl;
  private final Topics topics;

  private ExternalStack(
      String kafkaBootstrap,
      String dbUrl,
      String dbUser,
      String dbPassword,
      String httpUrl,
      Topics topics) {
    this.kafkaBootstrap = kafkaBootstrap;
    this.dbUrl = dbUrl;
    this.dbUser = dbUser;
    this.dbPassword = dbPassword;
    this.httpUrl = httpUrl;
    this.topics = topics;
  }

  /** Reads and validates the settings only (no network). */
  static ExternalStack fromSettings(Settings s, Topics topics) {
    String bootstrap = s.require("kafka.bootstrap", "host:9092");
    if (!BOOTSTRAP.matcher(bootstrap).matches()) {
      throw new StackConfigException(
          "kafka.bootstrap='"
              + bootstrap
              + "' is not a list of host:port: pass e.g. -Dkafka.bootstrap=broker1:9092,broker2:9092");
    }
    String url = s.require("db.url", "jdbc:postgresql://host:5432/postgres");
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new StackConfigException(
          "db.url='"
              + url
              + "' is not a PostgreSQL JDBC URL: pass e.g."
              + " -Ddb.url=jdbc:postgresql://host:5432/postgres");
    }
    String user = s.get("db.user", PostgresServer.USER);
    String password = s.get("db.password", PostgresServer.PASSWORD);
    String http = s.get("http.url", null);
    if (http == null || http.isBlank()) {
      return new ExternalStack(bootstrap, url, user, password, null, topics);
    }
    URI uri;
    try {
      uri = URI.create(http);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new StackConfigException(
          "http.url='" + http + "' is not an http(s) URL: pass e.g. -Dhttp.url=http://host:8080");
    }
    while (http.endsWith("/")) {
      http = http.substring(0, http.length() - 1);
    }
    return new ExternalStack(bootstrap, url, user, password, http, topics);
  }

  /** Validates, checks that Kafka, PostgreSQL and the service answer, creates missing topics. */
  static ExternalStack connect(StackConfig config, Settings settings) {
    ExternalStack stack = fromSettings(settings, config.topics());
    int brokers = stack.checkKafka();
    stack.checkDatabase();
    if (stack.httpUrl != null) {
      stack.checkHttp();
    }
    if (config.createTopics()) {
      TopicCreator.createMissing(stack.kafkaBootstrap, stack.topics, (short) Math.min(3, brokers));
    }
    System.out.printf(
        "[stack] external target: kafka=%s db=%s http=%s%n",
        stack.kafkaBootstrap,
        stack.dbUrl,
        stack.httpUrl == null ? "(none: no HTTP ingress, no readiness checks)" : stack.httpUrl);
    return stack;
  }

  private int checkKafka() {
    try (Admin admin = Admin.create(TopicCreator.adminProperties(kafkaBootstrap))) {
      return admin
          .describeCluster()
          .nodes()
          .get(CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while checking Kafka", e);
    } catch (Exception e) {
      throw new StackStartException(
          "Kafka at kafka.bootstrap="
              + kafkaBootstrap
              + " did not answer within "
              + CHECK_TIMEOUT.toSeconds()
              + " s ("
              + e
              + "): check that the brokers run and that -Dkafka.bootstrap names their listener",
          e);
    }
  }

  private void checkDatabase() {
    Properties p = new Properties();
    p.setProperty("user", dbUser);
    p.setProperty("password", dbPassword);
    p.setProperty("loginTimeout", Long.toString(CHECK_TIMEOUT.toSeconds()));
    p.setProperty("connectTimeout", Long.toString(CHECK_TIMEOUT.toSeconds()));
    try (Connection c = DriverManager.getConnection(dbUrl, p)) {
      c.isValid((int) CHECK_TIMEOUT.toSeconds());
    } catch (SQLException e) {
      throw new StackStartException(
          "PostgreSQL at db.url="
              + dbUrl
              + " (user "
              + dbUser
              + ") cannot be reached: SQLSTATE "
              + e.getSQLState()
              + " "
              + e.getMessage()
              + ": check -Ddb.url, -Ddb.user and -Ddb.password",
          e);
    }
  }

  private void checkHttp() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(httpUrl + "/health"))
            .timeout(CHECK_TIMEOUT)
            .GET()
            .build();
    try {
      HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        System.err.println(
            "[stack] warning: GET " + httpUrl + "/health answered " + r.statusCode());
      }
    } catch (IOException e) {
      throw new StackStartException(
          "the service at http.url="
              + httpUrl
              + " does not answer GET /health ("
              + e
              + "): check that it runs and -Dhttp.url",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted while checking the service", e);
    }
  }

  @Override
  public Target target() {
    return Target.EXTERNAL;
  }

  @Override
  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  @Override
  public String dbUrl() {
    return dbUrl;
  }

  @Override
  public String dbUser() {
    return dbUser;
  }

  @Override
  public String dbPassword() {
    return dbPassword;
  }

  /** The service's HTTP base URL, or null when {@code http.url} was not given. */
  @Override
  public String httpUrl() {
    return httpUrl;
  }

  @Override
  public Topics topics() {
    return topics;
  }

  /** Nothing to stop: this stack started nothing. */
  @Override
  public void close() {}
}
