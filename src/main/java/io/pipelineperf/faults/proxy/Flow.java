package io.pipelineperf.faults.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One direction of one connection: reads from a source socket, shapes the data by the active toxics
 * and writes it to a sink socket. With no toxic active, data read is written straight out (no copy
 * unless the sink is full); otherwise it is queued as chunks, each with the time it may be sent.
 * Reading pauses while more than the proxy's buffer limit is queued (TCP back-pressure).
 */
final class Flow {
  /** Bandwidth is paced in slices of at most this share of a second, so it stays smooth. */
  private static final int PACING_SLICES_PER_SECOND = 20;

  private static final class Chunk {
    final ByteBuffer data;
    final long releaseNanos;

    Chunk(ByteBuffer data, long releaseNanos) {
      this.data = data;
      this.releaseNanos = releaseNanos;
    }
  }

  private final Direction direction;
  private final ProxyConnection connection;
  private final ProxyConnection.Endpoint source;
  private final ProxyConnection.Endpoint sink;
  private final ProxyContext context;
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean sourceEnded;
  private boolean sinkShut;
  private boolean writeBlocked;
  private boolean closeWhenDrained;

  private long seenToxicsVersion = -1;
  private FlowPolicy policy = FlowPolicy.PASS_THROUGH;

  /** Per-connection toxicity decisions, by toxic identity (a re-added toxic is drawn again). */
  private Map<Toxic, Boolean> decisions = new IdentityHashMap<>();

  /** Timers of timeout-with-close and reset_peer toxics, cancelled when the toxic goes. */
  private Map<Toxic, EventLoop.Timer> toxicTimers = new IdentityHashMap<>();

  private long lastReleaseNanos;
  private long pacingCursorNanos;
  private long bytesPassed;
  private EventLoop.Timer drainTimer;
  private long drainTimerDue;

  Flow(
      Direction direction,
      ProxyConnection connection,
      ProxyConnection.Endpoint source,
      ProxyConnection.Endpoint sink) {
    this.direction = direction;
    this.connection = connection;
    this.source = source;
    this.sink = sink;
    this.context = connection.context();
  }

  boolean wantsRead() {
    return connection.isConnected()
        && !sourceEnded
        && !closeWhenDrained
        && queuedBytes < context.maxBufferedBytes;
  }

  boolean wantsWrite() {
    return writeBlocked;
  }

  /** Everything delivered and the end of stream passed on. */
  boolean isFinished() {
    return sinkShut;
  }

  void onReadable() {
    ByteBuffer buffer = connection.loop().readBuffer;
    buffer.clear();
    int read;
    try {
      read = source.channel.read(buffer);
    } catch (IOException e) {
      connection.end(ProxyConnection.Ending.RESET, false);
      return;
    }
    if (read < 0) {
      sourceEnded = true;
      drain();
      return;
    }
    if (read == 0) {
      return;
    }
    context.counters.received(direction, read);
    buffer.flip();
    refreshPolicy();
    if (policy.isPassThrough() && queue.isEmpty()) {
      writeThrough(buffer);
    } else {
      enqueue(buffer, System.nanoTime());
      drain();
    }
  }

  void onWritable() {
    drain();
  }

  /** Toxics changed: take them into account now (e.g. a healed blackhole releases its data). */
  void refresh() {
    if (connection.isClosed()) {
      return;
    }
    refreshPolicy();
    drain();
  }

  /** The connection is ending: drop timers and queued data. */
  void release() {
    if (drainTimer != null) {
      drainTimer.cancel();
    }
    toxicTimers.values().forEach(EventLoop.Timer::cancel);
    toxicTimers.clear();
    queue.clear();
    queuedBytes = 0;
  }

  private void writeThrough(ByteBuffer buffer) {
    if (!write(buffer)) {
      return;
    }
    if (buffer.hasRemaining()) {
      queue.add(new Chunk(copyOf(buffer, buffer.remaining()), 0));
      queuedBytes += queue.peekLast().data.remaining();
      writeBlocked = true;
    }
    updateInterest();
  }

  /** Writes what the sink takes now; false if the connection ended. */
  private boolean write(ByteBuffer data) {
    try {
      int written = sink.channel.write(data);
      context.counters.sent(direction, written);
      return true;
    } catch (IOException e) {
      connection.end(ProxyConnection.Ending.RESET, false);
      return false;
    }
  }

  private void enqueue(ByteBuffer data, long now) {
    int length = data.remaining();
    if (policy.limitBytes() != FlowPolicy.UNLIMITED) {
      long allowed = Math.max(0, policy.limitBytes() - bytesPassed);
      if (length >= allowed) {
        length = (int) allowed;
        closeWhenDrained = true;
      }
    }
    bytesPassed += length;
    long release = Math.max(now + latencyNanos(), lastReleaseNanos);
    int offset = 0;
    while (offset < length) {
      int size = Math.min(nextSliceSize(), length - offset);
      if (policy.bytesPerSecond() != FlowPolicy.UNLIMITED) {
        release = Math.max(release, pacingCursorNanos);
        pacingCursorNanos = release + size * 1_000_000_000L / policy.bytesPerSecond();
      }
      ByteBuffer slice = data.slice(data.position() + offset, size);
      queue.add(new Chunk(copyOf(slice, size), release));
      queuedBytes += size;
      lastReleaseNanos = release;
      offset += size;
      if (policy.slicer() != null) {
        release += policy.slicer().delayMicros() * 1000L;
      }
    }
  }

  private long latencyNanos() {
    long jitter = policy.jitterNanos();
    long latency = policy.latencyNanos();
    if (jitter > 0) {
      latency += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
    }
    return Math.max(0, latency);
  }

  private int nextSliceSize() {
    int size = Integer.MAX_VALUE;
    Toxic.Slicer slicer = policy.slicer();
    if (slicer != null) {
      int variation = slicer.sizeVariation();
      size =
          slicer.averageSize()
              + (variation == 0
                  ? 0
                  : ThreadLocalRandom.current().nextInt(-variation, variation + 1));
    }
    if (policy.bytesPerSecond() != FlowPolicy.UNLIMITED) {
      size = (int) Math.min(size, Math.max(1, policy.bytesPerSecond() / PACING_SLICES_PER_SECOND));
    }
    return Math.max(1, size);
  }

  /** Sends every chunk that is due, as far as the sink takes it; then decides what to wait for. */
  private void drain() {
    if (connection.isClosed()) {
      return;
    }
    writeBlocked = false;
    long now = System.nanoTime();
    while (!queue.isEmpty() && !policy.holding()) {
      Chunk chunk = queue.peek();
      if (chunk.releaseNanos > now) {
        scheduleDrain(chunk.releaseNanos);
        break;
      }
      int before = chunk.data.remaining();
      if (!write(chunk.data)) {
        return;
      }
      queuedBytes -= before - chunk.data.remaining();
      if (chunk.data.hasRemaining()) {
        writeBlocked = true;
        break;
      }
      queue.poll();
    }
    if (queue.isEmpty()) {
      if (closeWhenDrained) {
        connection.end(ProxyConnection.Ending.CLOSE, true);
        return;
      }
      if (sourceEnded && !sinkShut) {
        sinkShut = true;
        sink.shutdownOutput();
        connection.flowFinished();
        if (connection.isClosed()) {
          return;
        }
      }
    }
    updateInterest();
  }

  private void scheduleDrain(long dueNanos) {
    if (drainTimer != null && drainTimerDue <= dueNanos && drainTimerDue > System.nanoTime()) {
      return; // an earlier (or equal) wake-up is already pending
    }
    if (drainTimer != null) {
      drainTimer.cancel();
    }
    drainTimerDue = dueNanos;
    drainTimer = connection.loop().schedule(dueNanos - System.nanoTime(), this::drain);
  }

  private void updateInterest() {
    source.updateInterest();
    sink.updateInterest();
  }

  /** Re-reads the proxy's toxics if they changed since last time (a volatile read otherwise). */
  private void refreshPolicy() {
    ToxicSnapshot snapshot = context.toxics();
    if (snapshot.version() == seenToxicsVersion) {
      return;
    }
    seenToxicsVersion = snapshot.version();
    Map<Toxic, Boolean> newDecisions = new IdentityHashMap<>();
    Map<Toxic, EventLoop.Timer> newTimers = new IdentityHashMap<>();
    List<Toxic> active = new ArrayList<>();
    for (Toxic toxic : snapshot.toxics()) {
      if (toxic.direction() != direction) {
        continue;
      }
      Boolean applies = decisions.get(toxic);
      if (applies == null) {
        applies = ThreadLocalRandom.current().nextDouble() < toxic.toxicity();
      }
      newDecisions.put(toxic, applies);
      if (applies) {
        active.add(toxic);
        EventLoop.Timer timer = toxicTimers.remove(toxic);
        newTimers.put(toxic, timer != null ? timer : startToxicTimer(toxic));
      }
    }
    toxicTimers.values().forEach(EventLoop.Timer::cancel); // of toxics that went away
    decisions = newDecisions;
    toxicTimers = newTimers;
    newTimers.values().removeIf(timer -> timer == null);
    policy = FlowPolicy.of(active);
  }

  private EventLoop.Timer startToxicTimer(Toxic toxic) {
    if (toxic instanceof Toxic.ResetPeer reset) {
      return connection
          .loop()
          .schedule(
              reset.afterMs() * 1_000_000L,
              () -> connection.end(ProxyConnection.Ending.RESET, true));
    }
    if (toxic instanceof Toxic.Timeout timeout && timeout.closeAfterMs() > 0) {
      return connection
          .loop()
          .schedule(
              timeout.closeAfterMs() * 1_000_000L,
              () -> connection.end(ProxyConnection.Ending.CLOSE, true));
    }
    return null;
  }

  private static ByteBuffer copyOf(ByteBuffer data, int length) {
    ByteBuffer copy = ByteBuffer.allocate(length);
    ByteBuffer view = data.duplicate();
    view.limit(view.position() + length);
    copy.put(view).flip();
    return copy;
  }
}
