package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginServletTest {

  @Test
  @DisplayName("after login: a path of this application is followed, anything else goes to the document list")
  void continueTo() {
    assertThat(LoginServlet.continueTo("/app", "/app/editor.html?doc=a")).isEqualTo("/app/editor.html?doc=a");
    assertThat(LoginServlet.continueTo("", "/editor.html?doc=a")).isEqualTo("/editor.html?doc=a");
    for (String bad : new String[] {null, "", "http://evil.example/app/", "//evil.example/", "/app//evil", "/other/x",
        "/app\\\\evil", "/app/login.html", "/app/x\r\nSet-Cookie: a=b", "/app/" + "x".repeat(2048)}) {
      assertThat(LoginServlet.continueTo("/app", bad)).as(String.valueOf(bad)).isEqualTo("/app/");
    }
    assertThat(LoginServlet.continueTo("", "//evil.example/")).isEqualTo("/");
  }
}
