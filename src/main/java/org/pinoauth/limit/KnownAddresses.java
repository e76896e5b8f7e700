package org.pinoauth.limit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The address blocks ({@link AddressBlock}) from which each account has signed in successfully on
 * this node: the last {@value #BLOCKS_PER_ACCOUNT} per account, for at most {@code maxAccounts}
 * accounts, the one whose last success is oldest forgotten first. Only a success adds to it, so no
 * one can fill it or push an account out of it without the account's password; about 200 bytes per
 * account. Sign-ins are rare enough for one lock.
 */
final class KnownAddresses {
  static final int BLOCKS_PER_ACCOUNT = 4;

  private final Map<String, long[]> blocks;

  KnownAddresses(int maxAccounts) {
    this.blocks =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > maxAccounts;
          }
        };
  }

  synchronized boolean contains(String account, long block) {
    long[] known = blocks.get(account);
    if (known == null) {
      return false;
    }
    for (long each : known) {
      if (each == block) {
        return true;
      }
    }
    return false;
  }

  /** Notes a success of {@code account} from {@code block}, the newest of its blocks. */
  synchronized void add(String account, long block) {
    long[] known = blocks.remove(account); // re-inserted below: last success = most recent
    long[] updated;
    if (known == null) {
      updated = new long[] {block};
    } else {
      long[] others = Arrays.stream(known).filter(each -> each != block).toArray();
      int kept = Math.min(others.length, BLOCKS_PER_ACCOUNT - 1);
      updated = new long[kept + 1];
      System.arraycopy(others, others.length - kept, updated, 0, kept);
      updated[kept] = block;
    }
    blocks.put(account, updated);
  }

  synchronized int accounts() {
    return blocks.size();
  }
}
