package io.pipelineperf.gatling;

import com.typesafe.scalalogging.Logger;
import com.typesafe.scalalogging.Logger$;
import io.gatling.core.action.Action;
import org.slf4j.LoggerFactory;

/** The plumbing a Gatling action written in Java needs (Action mixes in scala-logging). */
abstract class JavaAction implements Action {

  private Logger logger = Logger$.MODULE$.apply(LoggerFactory.getLogger(getClass()));

  @Override
  public Logger logger() {
    return logger;
  }

  @Override
  public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger logger) {
    this.logger = logger;
  }
}
