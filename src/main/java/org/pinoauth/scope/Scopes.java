package org.pinoauth.scope;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An immutable, duplicate-free, sorted set of scope names. Parses the lists Pinterest clients send
 * (separated by commas, spaces or both, CONTRACT §2.1) and renders the space-separated form of RFC
 * 6749 §3.3.
 */
public final class Scopes {
  public static final Scopes NONE = new Scopes(new TreeSet<>());
  private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

  private final SortedSet<String> names;

  private Scopes(SortedSet<String> names) {
    this.names = Collections.unmodifiableSortedSet(names);
  }

  /** Parses a comma- and/or space-separated list; empty entries are skipped, duplicates folded. */
  public static Scopes parse(String list) {
    TreeSet<String> names = new TreeSet<>();
    // No strip(): it trims Unicode spaces the separators do not split on, so toString() would
    // not parse back to the same set; empty entries at the edges are skipped below anyway.
    for (String name : SEPARATORS.split(list)) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return new Scopes(names);
  }

  public static Scopes of(Collection<String> names) {
    return new Scopes(new TreeSet<>(names));
  }

  public Set<String> names() {
    return names;
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }

  public boolean contains(String name) {
    return names.contains(name);
  }

  public boolean containsAll(Scopes other) {
    return names.containsAll(other.names);
  }

  public Scopes union(Scopes other) {
    TreeSet<String> all = new TreeSet<>(names);
    all.addAll(other.names);
    return new Scopes(all);
  }

  /** The scopes in both: what of a grant an app may still have (CONTRACT §2.1). */
  public Scopes intersection(Scopes other) {
    TreeSet<String> both = new TreeSet<>(names);
    both.retainAll(other.names);
    return new Scopes(both);
  }

  /** The space-separated wire form. */
  @Override
  public String toString() {
    return String.join(" ", names);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Scopes scopes && names.equals(scopes.names);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }
}
