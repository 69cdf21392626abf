package dev.collab.server.internal.assets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves {@link ClientAssets} under the client path (default {@code {context}/collab/client}):
 *
 * <ul>
 *   <li>{@code /<version>/<file>}: the file, {@code Cache-Control: public, max-age=31536000,
 *       immutable} (the version changes whenever any content does, so a cached copy is never stale);
 *   <li>{@code /current/<file>}: 302 to the versioned URL, {@code Cache-Control: no-store}, so a
 *       static page can import {@code .../collab/client/current/collab.js} (module URLs resolve
 *       relative to the final URL, so its own imports are versioned too);
 *   <li>anything else (another version, an unknown file): 404, {@code no-store}.
 * </ul>
 */
public final class ClientAssetsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final transient ClientAssets assets;
  private final String clientPath;

  /** @param clientPath the servlet's path in the application, e.g. {@code /collab/client} */
  public ClientAssetsServlet(ClientAssets assets, String clientPath) {
    this.assets = assets;
    this.clientPath = clientPath;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo();
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (path != null) {
      int slash = path.indexOf('/', 1);
      if (slash > 1 && path.startsWith("/")) {
        String version = path.substring(1, slash);
        String name = path.substring(slash + 1);
        byte[] content = assets.file(name);
        if (content != null && version.equals("current")) {
          response.setHeader("Cache-Control", "no-store");
          response.sendRedirect(request.getContextPath() + clientPath + "/" + assets.version() + "/" + name);
          return;
        }
        if (content != null && version.equals(assets.version())) {
          String etag = "\"" + assets.version() + "\"";
          response.setHeader("Cache-Control", IMMUTABLE);
          response.setHeader("ETag", etag);
          if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
          }
          response.setContentType(ClientAssets.contentType(name));
          response.setContentLength(content.length);
          response.getOutputStream().write(content);
          return;
        }
      }
    }
    // Not sendError: a container's error page may set its own caching headers.
    response.setHeader("Cache-Control", "no-store");
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("text/plain;charset=utf-8");
    response.getWriter().write("no such browser client file (current version: " + assets.version() + ")\n");
  }
}
