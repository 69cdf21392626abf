package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A server without comment threads opts out with {@code supportsComments()}: the kit's comments
 * group is then aborted with the reason, before it opens a connection (the server here is not even
 * there). The group's tests are the ones tagged {@code comments}, declared in
 * {@link ProtocolKitComments}.
 *
 * <p>The kit subclass is a static nested class, which Surefire does not run by itself.
 */
class ProtocolKitCommentsOptOutTest {

  /** No server at all: any test that connects fails. */
  static class NoComments extends ProtocolConformanceKit {
    @Override
    protected URI baseUri() {
      return URI.create("http://127.0.0.1:9/none/");
    }

    @Override
    protected Map<String, String> credentials(Participant who) {
      return Map.of("Authorization", "Basic bm9ib2R5Om5vbmU=");
    }

    @Override
    protected boolean supportsComments() {
      return false;
    }
  }

  /** The comments group: the kit's test methods declared in {@link ProtocolKitComments}. */
  static List<String> commentTests() {
    List<String> names = new ArrayList<>();
    for (var method : ProtocolKitComments.class.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Test.class)) {
        names.add(method.getName());
      }
    }
    return names;
  }

  @Test
  @DisplayName("every test of the comments group carries the tag comments, and its display name says it is the comments extension")
  void taggedAndNamed() throws Exception {
    assertThat(commentTests()).hasSizeGreaterThanOrEqualTo(6);
    for (String name : commentTests()) {
      var method = ProtocolKitComments.class.getDeclaredMethod(name);
      assertThat(Arrays.stream(method.getAnnotationsByType(Tag.class)).map(Tag::value)).as(name).contains("comments");
      assertThat(method.getAnnotation(DisplayName.class).value()).as(name).startsWith("comments (extension): ");
    }
  }

  @Test
  @DisplayName("supportsComments() false: every test of the comments group is aborted with that reason, none fails, none connects")
  void optOutAbortsTheGroup() {
    Map<String, TestExecutionResult> results = new TreeMap<>();
    Map<String, List<String>> tags = new TreeMap<>();
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    commentTests().forEach(name -> request.selectors(selectMethod(NoComments.class, name)));
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request.build(), new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
          results.put(method.getMethodName(), result);
          tags.put(method.getMethodName(), test.getTags().stream().map(TestTag::getName).toList());
        }
      }
    });
    assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(commentTests());
    results.forEach((name, result) -> {
      assertThat(result.getStatus()).as(name).isEqualTo(TestExecutionResult.Status.ABORTED);
      assertThat(result.getThrowable()).as(name).hasValueSatisfying(
          reason -> assertThat(reason).hasMessageContaining("supportsComments() is false"));
      assertThat(tags.get(name)).as(name + ": tags seen by the launcher").contains("comments", "protocol");
    });
  }
}
