package io.pipelineperf.gatling;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.pipelineperf.analysis.AssertionResult;
import io.pipelineperf.analysis.InjectorValidity;
import java.util.List;
import java.util.function.Supplier;
import scala.Option;

/**
 * {@code checkRun("run assertions", checks)}: runs the run's own checks (drain, reconcile, write
 * summary.json) on a worker thread while the run is still recording, and records each result as one
 * request of that name, KO with the description and value when it failed. A Gatling assertion on
 * that request ({@code details("run assertions").failedRequests().count().is(0L)}) then fails the
 * build like any other, and the HTML report is still written.
 */
final class CheckRunActionBuilder implements ActionBuilder {

  private final String name;
  private final Supplier<List<AssertionResult>> checks;

  CheckRunActionBuilder(String name, Supplier<List<AssertionResult>> checks) {
    this.name = name;
    this.checks = checks;
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        return new CheckRunAction(name, checks, ctx.coreComponents().statsEngine(), next);
      }
    };
  }

  private static final class CheckRunAction extends JavaAction {
    private final String name;
    private final Supplier<List<AssertionResult>> checks;
    private final StatsEngine statsEngine;
    private final Action next;

    CheckRunAction(
        String name, Supplier<List<AssertionResult>> checks, StatsEngine statsEngine, Action next) {
      this.name = name;
      this.checks = checks;
      this.statsEngine = statsEngine;
      this.next = next;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void execute(Session session) {
      Thread worker = new Thread(() -> check(session), "run-checks");
      worker.setDaemon(true);
      worker.start();
    }

    private static String failureText(AssertionResult result) {
      if (result.isValidity()) {
        return "INVALID: " + InjectorValidity.reason(result);
      }
      return result.description()
          + " failed: actual "
          + result.actual()
          + ", threshold "
          + result.threshold();
    }

    private void check(Session session) {
      long start = System.currentTimeMillis();
      try {
        for (AssertionResult result : checks.get()) {
          statsEngine.logResponse(
              session.scenario(),
              session.groups(),
              name,
              start,
              System.currentTimeMillis(),
              result.passed() ? OK$.MODULE$ : KO$.MODULE$,
              Option.empty(),
              result.passed() ? Option.empty() : Option.apply(failureText(result)));
        }
        next.$bang(session);
      } catch (RuntimeException e) {
        logger().underlying().error("Run checks crashed", e);
        statsEngine.logResponse(
            session.scenario(),
            session.groups(),
            name,
            start,
            System.currentTimeMillis(),
            KO$.MODULE$,
            Option.empty(),
            Option.apply("run checks crashed: " + ErrorTexts.normalise(e)));
        next.$bang(session.markAsFailed());
      }
    }
  }
}
