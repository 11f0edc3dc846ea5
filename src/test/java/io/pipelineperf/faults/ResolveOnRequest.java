package io.pipelineperf.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Child JVM for HostsFileTest: resolves each host name read from stdin, answers on stdout. */
public final class ResolveOnRequest {
  private ResolveOnRequest() {}

  public static void main(String[] args) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    for (String host = in.readLine(); host != null; host = in.readLine()) {
      try {
        System.out.println("ok " + InetAddress.getByName(host).getHostAddress());
      } catch (UnknownHostException e) {
        System.out.println("unknown");
      }
      System.out.flush();
    }
  }
}
