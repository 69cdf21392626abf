package dev.collab.archfixture;

import dev.collab.internal.archfixture.Hidden;
import java.util.List;

/** Test fixture: an "API" class that breaks the tier rule, so the rule is seen to fail. */
public final class Leaky {
  public void take(Hidden hidden) {}

  public List<Hidden> give() {
    return List.of();
  }
}
