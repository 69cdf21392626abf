package dev.collab.sample;

import dev.collab.server.defaults.RoleAccessPolicy;
import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Form login with Jakarta Security: a page of protected content answers an anonymous visitor with
 * {@code login.html} (forwarded, so the address bar keeps the page asked for, which the form sends
 * along as {@code continue}), whose form posts to {@link LoginServlet}; the
 * authenticated caller is kept in the HTTP session, whose cookie is HttpOnly and SameSite=Lax
 * ({@code web.xml}), and Secure when the request came over HTTPS (Payara's default,
 * {@code cookieSecure=dynamic}, spelled out in {@code glassfish-web.xml}). Payara 6 and WildFly
 * both ignore the SameSite {@code <attribute>} of {@code web.xml}: Payara takes it from
 * {@code glassfish-web.xml}, WildFly from Undertow's {@code samesite-cookie} handler in
 * {@code WEB-INF/undertow-handlers.conf}, whose {@code secure-cookie} handler adds Secure to the
 * cookies of a request that came over HTTPS. Page access is in {@code web.xml}; Collab's own
 * paths ({@code collab/*}) check the principal themselves. On WildFly the login needs Undertow's
 * {@code integrated-jaspi="false"} ({@code docs/SAMPLE.md}).
 */
@CustomFormAuthenticationMechanismDefinition(
    loginToContinue = @LoginToContinue(loginPage = "/login.html", errorPage = "", useForwardToLogin = true))
@DeclareRoles({RoleAccessPolicy.ADMIN, RoleAccessPolicy.WRITER, RoleAccessPolicy.READER})
@ApplicationScoped
public class SampleSecurity {}
