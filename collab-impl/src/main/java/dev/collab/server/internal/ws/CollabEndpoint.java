package dev.collab.server.internal.ws;

import dev.collab.server.internal.cdi.CollabServerApplicationConfig;
import dev.collab.server.internal.config.WireConfig;

import dev.collab.User;
import dev.collab.server.internal.engine.CollabEngine;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code collab.v1} WebSocket endpoint, registered by {@link CollabServerApplicationConfig}
 * at {@code {context}/collab/ws} (setting {@code collab.ws.path}). One {@link Connection} per
 * WebSocket session; sends are asynchronous, one frame at a time.
 */
public final class CollabEndpoint extends Endpoint {
  private static final System.Logger LOG = System.getLogger(CollabEndpoint.class.getName());
  private static final String CONNECTION = "dev.collab.connection";

  /**
   * Set by {@link #onOpen}: the container makes one endpoint instance per connection, and calls
   * {@link #onClose} on the instance it opened.
   */
  private volatile @Nullable ConnectionRegistry registry;

  /** The deployment's beans, from its {@link CollabHandshake} (looked up once), else from CDI. */
  private static EndpointBeans beans(EndpointConfig endpointConfig) {
    if (endpointConfig instanceof ServerEndpointConfig server
        && server.getConfigurator() instanceof CollabHandshake handshake) {
      return handshake.beans();
    }
    return EndpointBeans.lookUp();
  }

  @Override
  public void onOpen(Session session, EndpointConfig endpointConfig) {
    Object refused = endpointConfig.getUserProperties().get(CollabHandshake.REFUSED);
    User user = (User) endpointConfig.getUserProperties().get(CollabHandshake.USER);
    // the deployment's settings, parsed once at start and passed on by the handshake
    WireConfig config = (WireConfig) endpointConfig.getUserProperties().get(CollabHandshake.WIRE);
    if (refused != null || user == null || config == null) {
      close(session, Connection.POLICY, refused != null ? refused.toString() : "not authenticated");
      return;
    }
    EndpointBeans beans = beans(endpointConfig);
    CollabEngine engine = beans.engine();
    ConnectionRegistry registry = beans.registry();
    this.registry = registry;
    session.setMaxTextMessageBufferSize(config.maxMessageBytes());
    // No container idle timeout: Collab keeps its own (collab.idle-timeout, ConnectionRegistry).
    // Tyrus on Payara Micro closed one connection in a few thousand with "idle timeout" (1006)
    // tens of milliseconds after it opened, with the timeout at 2 minutes (ConnectionStormIT).
    session.setMaxIdleTimeout(0);
    // Tyrus only: its per-frame idle timer off the container's managed executor; where it stays
    // there, sends keep that executor's context capture cheap instead (SessionTransport)
    boolean managedTimer = TyrusIdleTimer.keepsManagedTimer(session, config.tyrusOwnTimer());
    Connection connection = new Connection(engine, config, user, new SessionTransport(session, managedTimer), registry.opFrames(),
        registry.rateWindows(config));
    String httpSession = (String) endpointConfig.getUserProperties().get(CollabHandshake.HTTP_SESSION);
    if (!registry.admit(connection, httpSession, config.maxConnectionsPerUser())) {
      LOG.log(System.Logger.Level.INFO, "collab: a connection of user {0} refused: {1} are open on this node"
          + " (collab.max-connections-per-user)", user.id(), config.maxConnectionsPerUser());
      close(session, Connection.TRY_LATER, "more than " + config.maxConnectionsPerUser()
          + " connections of this user on this node (collab.max-connections-per-user); close one or try later");
      return;
    }
    session.getUserProperties().put(CONNECTION, connection);
    if (httpSession != null) {
      session.getUserProperties().put(CollabHandshake.HTTP_SESSION, httpSession);
    }
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) connection::onMessage);
    session.addMessageHandler(PongMessage.class,
        (MessageHandler.Whole<PongMessage>) pong -> connection.onPong(pong.getApplicationData()));
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
    if (connection != null) {
      connection.onClose();
      ConnectionRegistry known = registry;
      (known != null ? known : EndpointBeans.lookUp().registry())
          .remove(connection, (String) session.getUserProperties().get(CollabHandshake.HTTP_SESSION));
    }
  }

  /**
   * The container reports an error on the session. A broken network (an {@link IOException} in the
   * chain) is a normal end of a WebSocket and logged at DEBUG; anything else (a failure in Collab's
   * own handling of a frame) is logged as a WARNING, naming the client and user. Either way the
   * connection ends; the client resyncs on reconnect.
   */
  @Override
  public void onError(Session session, Throwable error) {
    Connection connection = (Connection) session.getUserProperties().get(CONNECTION);
    String who = connection != null ? connection.describe() : "a connection not yet admitted";
    if (isNetwork(error)) {
      LOG.log(System.Logger.Level.DEBUG, "collab: the connection of " + who + " broke (session " + session.getId() + ")",
          error);
    } else {
      LOG.log(System.Logger.Level.WARNING, "collab: the connection of " + who + " failed (session " + session.getId()
          + "); it is closed and the client resyncs on reconnect", error);
    }
    if (connection != null) {
      connection.onClose();
    }
  }

  static boolean isNetwork(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  static void close(Session session, int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException e) {
      // already gone: nothing to close, and the container ends the session anyway
      LOG.log(System.Logger.Level.DEBUG, "collab: closing session " + session.getId() + " with " + code
          + " failed; it is gone already", e);
    }
  }
}
