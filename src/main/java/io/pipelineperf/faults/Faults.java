package io.pipelineperf.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Several faults as one: injects them in order and heals them in reverse order. If one inject
 * fails, those already injected are healed (in reverse) before the failure is rethrown. Heal heals
 * every member even if some fail, then throws the first failure with the others suppressed.
 */
public final class Faults implements Fault {
  private final List<Fault> members;

  private Faults(List<Fault> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("Faults.of needs at least one fault");
    }
    this.members = List.copyOf(members);
  }

  public static Faults of(Fault... faults) {
    return new Faults(List.of(faults));
  }

  public static Faults of(List<? extends Fault> faults) {
    return new Faults(List.copyOf(faults));
  }

  public List<Fault> members() {
    return members;
  }

  @Override
  public String id() {
    return members.stream().map(Fault::id).collect(Collectors.joining("+"));
  }

  @Override
  public String description() {
    return members.stream().map(Fault::description).collect(Collectors.joining(" Then: "));
  }

  @Override
  public String handledMeans() {
    return members.stream().map(Fault::handledMeans).collect(Collectors.joining(" And: "));
  }

  @Override
  public void inject() {
    List<Fault> injected = new ArrayList<>();
    for (Fault fault : members) {
      try {
        injected.add(fault); // a half-done inject is healed too
        fault.inject();
      } catch (RuntimeException e) {
        healReversed(injected, e);
        throw e;
      }
    }
  }

  @Override
  public void heal() {
    RuntimeException first = healReversed(members, null);
    if (first != null) {
      throw first;
    }
  }

  private static RuntimeException healReversed(List<Fault> faults, RuntimeException first) {
    for (int i = faults.size() - 1; i >= 0; i--) {
      try {
        faults.get(i).heal();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }

  @Override
  public List<DeletedInput> deletedInputs() {
    return members.stream().flatMap(f -> f.deletedInputs().stream()).toList();
  }

  /** The first member's reason not to run, prefixed with its id. */
  @Override
  public Optional<String> skipReason() {
    for (Fault fault : members) {
      Optional<String> reason = fault.skipReason();
      if (reason.isPresent()) {
        return Optional.of(fault.id() + ": " + reason.get());
      }
    }
    return Optional.empty();
  }
}
