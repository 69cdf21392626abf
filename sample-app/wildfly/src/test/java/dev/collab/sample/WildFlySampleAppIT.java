package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link SampleAppIT}, every test of it, with the same WAR on a stock WildFly 38 (one boot for the
 * class, managed by Arquillian; {@code arquillian.xml} of this module), whose only change is
 * Undertow's {@code integrated-jaspi="false"} (the POM applies it, {@code docs/SAMPLE.md}). Plus
 * what WildFly does through the WAR's {@code WEB-INF/undertow-handlers.conf}: the session cookie
 * is Secure over HTTPS (WildFly's default HTTPS listener, with the self-signed certificate it makes
 * at the first handshake).
 */
class WildFlySampleAppIT extends SampleAppIT {

  /** WildFly's HTTPS listener: 8443 with the same port offset as HTTP's 8080. */
  private int httpsPort() {
    return reported.getPort() + (8443 - 8080);
  }

  private String httpsPath(String relative) {
    String path = reported.getPath().endsWith("/") ? reported.getPath() : reported.getPath() + "/";
    return path + relative;
  }

  /** Trusts the test server's self-signed certificate: loopback only, this test only. */
  private static HttpsURLConnection open(URL url) throws Exception {
    X509TrustManager any = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {any}, null);
    HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
    connection.setSSLSocketFactory(tls.getSocketFactory());
    connection.setHostnameVerifier((host, session) -> "127.0.0.1".equals(host));
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(30_000);
    return connection;
  }

  private static String sessionCookie(Map<String, List<String>> headers) {
    String last = null;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if ("Set-Cookie".equalsIgnoreCase(header.getKey())) {
        for (String cookie : header.getValue()) {
          if (cookie.startsWith("JSESSIONID=")) {
            last = cookie;
          }
        }
      }
    }
    return last;
  }

  @Test
  @DisplayName("over HTTPS the session cookie is Secure as well as HttpOnly and SameSite=Lax, and opens the pages there")
  void secureCookieOverHttps() throws Exception {
    HttpsURLConnection login = open(new URL("https", "127.0.0.1", httpsPort(), httpsPath("login")));
    login.setRequestMethod("POST");
    login.setDoOutput(true);
    login.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
    try (OutputStream body = login.getOutputStream()) {
      body.write("username=alice&password=alice-demo".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(login.getResponseCode()).isEqualTo(302);
    assertThat(login.getHeaderField("Location")).doesNotContain("login.html");
    String setCookie = sessionCookie(login.getHeaderFields());
    login.disconnect();
    assertThat(setCookie).isNotNull();
    assertThat(List.of(setCookie.toLowerCase().split(";\\s*"))).contains("secure", "httponly", "samesite=lax");

    HttpsURLConnection me = open(new URL("https", "127.0.0.1", httpsPort(), httpsPath("app/me")));
    me.setRequestProperty("Cookie", setCookie.substring(0, setCookie.indexOf(';')));
    assertThat(me.getResponseCode()).isEqualTo(200);
    try (var in = me.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"alice\"");
    }
    me.disconnect();
  }
}
