package dev.collab.server.it;

import dev.collab.Collab;
import dev.collab.User;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** Test deployments only: creates a document through the injected application API. */
@WebServlet("/test/create")
public class TestSetupServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject Collab collab;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    collab.create(request.getParameter("id"), "rich-text", "Test", Map.of(), User.of("setup"));
    response.setStatus(201);
  }
}
