package org.pinoauth.token;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import org.pinoauth.client.GrantType;

/** The token endpoint's grant handlers, one per {@link GrantType}. */
public final class Grants {
  private final Map<GrantType, GrantHandler> byType = new EnumMap<>(GrantType.class);

  public Grants(Collection<? extends GrantHandler> handlers) {
    for (GrantHandler handler : handlers) {
      byType.put(handler.grantType(), handler);
    }
  }

  /** The handler of {@code type}; every type has one. */
  public GrantHandler of(GrantType type) {
    return byType.get(type);
  }
}
