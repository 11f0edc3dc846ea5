package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;

/** A blocking client socket with a read timeout, for tests. */
final class TestClient implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  TestClient(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(readTimeoutMillis);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(byte[] data) throws IOException {
    out.write(data);
    out.flush();
  }

  /** Reads exactly n bytes; throws EOFException-like IOException if the stream ends first. */
  byte[] readFully(int n) throws IOException {
    byte[] data = new byte[n];
    int offset = 0;
    while (offset < n) {
      int read = in.read(data, offset, n - offset);
      if (read < 0) {
        throw new java.io.EOFException("stream ended after " + offset + " of " + n + " bytes");
      }
      offset += read;
    }
    return data;
  }

  /** Sends and reads the echo back; returns it. */
  byte[] roundTrip(byte[] data) throws IOException {
    send(data);
    return readFully(data.length);
  }

  /** Reads until end of stream; returns the bytes read. */
  byte[] readToEnd() throws IOException {
    return in.readAllBytes();
  }

  int read() throws IOException {
    return in.read();
  }

  static byte[] payload(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return data;
  }

  static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
