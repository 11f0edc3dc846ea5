package io.pipelineperf.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run's assertions as a JUnit XML report ({@code assertions-junit.xml} in the run folder), so
 * that CI systems show them as test results: one test case per assertion, a failed check as a
 * {@code <failure>} and a failed validity check (the run is INVALID) as an {@code <error>}, each
 * with its actual value against its threshold.
 */
public final class JUnitReport {

  public static final String FILE_NAME = "assertions-junit.xml";

  private JUnitReport() {}

  public static Path write(Path folder, String suiteName, List<AssertionResult> results) {
    Path file = folder.resolve(FILE_NAME);
    try {
      Files.createDirectories(folder);
      try (OutputStream out = Files.newOutputStream(file)) {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suiteName);
        xml.writeAttribute("tests", Integer.toString(results.size()));
        xml.writeAttribute("failures", Long.toString(count(results, false)));
        xml.writeAttribute("errors", Long.toString(count(results, true)));
        xml.writeAttribute("skipped", "0");
        for (AssertionResult r : results) {
          testCase(xml, suiteName, r);
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.close();
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Cannot write " + file, e);
    }
  }

  private static long count(List<AssertionResult> results, boolean validity) {
    return results.stream().filter(r -> !r.passed() && r.isValidity() == validity).count();
  }

  private static void testCase(XMLStreamWriter xml, String suite, AssertionResult r)
      throws XMLStreamException {
    xml.writeCharacters("\n  ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", suite + (r.isValidity() ? ".validity" : ".assertions"));
    xml.writeAttribute("name", r.description());
    xml.writeAttribute("time", "0");
    if (!r.passed()) {
      xml.writeStartElement(r.isValidity() ? "error" : "failure");
      String text =
          r.isValidity()
              ? "INVALID: " + InjectorValidity.reason(r)
              : r.description() + ": actual " + actual(r) + ", threshold " + number(r.threshold());
      xml.writeAttribute("message", text);
      xml.writeAttribute("type", r.isValidity() ? "InvalidRun" : "AssertionFailed");
      xml.writeCharacters(text);
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static String actual(AssertionResult r) {
    return r.actual() == null ? "not measured" : number(r.actual());
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.3f", value);
  }
}
