package dev.collab.protocol;

import jakarta.json.stream.JsonGenerator;

/**
 * Writes one server message as a JSON object for {@link ProtocolCodec}'s encoders, field by field
 * as docs/PROTOCOL.md lists them. The counterpart of {@link ServerMessageDecoder}.
 */
final class ServerMessageWriter {
  private ServerMessageWriter() {}

  static void write(JsonGenerator g, ServerMessage message) {
    g.writeStartObject();
    if (message instanceof ServerMessage.Welcome) {
      ServerMessage.Welcome w = (ServerMessage.Welcome) message;
      ServerMessage.Limits l = w.limits();
      g.write("t", "welcome").write("protocol", w.protocol());
      user(g, "user", w.user());
      g.writeStartObject("limits")
          .write("maxMessageBytes", l.maxMessageBytes())
          .write("maxOpLength", l.maxOpLength())
          .write("maxDocumentLength", l.maxDocumentLength())
          .write("maxMessagesPerSecond", l.maxMessagesPerSecond())
          .write("maxJsonDepth", l.maxJsonDepth())
          .write("presenceIntervalMs", l.presenceIntervalMs())
          .writeEnd();
    } else if (message instanceof ServerMessage.Snapshot) {
      ServerMessage.Snapshot s = (ServerMessage.Snapshot) message;
      g.write("t", "snapshot").write("doc", s.doc()).write("version", s.version()).write("type", s.type())
          .write("data", s.data()).write("access", s.access());
    } else if (message instanceof ServerMessage.Ops) {
      ServerMessage.Ops o = (ServerMessage.Ops) message;
      g.write("t", "ops").write("doc", o.doc()).writeStartArray("ops");
      for (ServerMessage.Entry e : o.ops()) {
        g.writeStartObject().write("version", e.version()).write("op", e.op()).write("client", e.client())
            .write("seq", e.seq());
        user(g, "user", e.user());
        g.writeEnd();
      }
      g.writeEnd().write("type", o.type()).write("access", o.access());
    } else if (message instanceof ServerMessage.Op) {
      ServerMessage.Op o = (ServerMessage.Op) message;
      g.write("t", "op").write("doc", o.doc()).write("version", o.version()).write("op", o.op())
          .write("client", o.client()).write("seq", o.seq());
      user(g, "user", o.user());
    } else if (message instanceof ServerMessage.Ack) {
      ServerMessage.Ack a = (ServerMessage.Ack) message;
      g.write("t", "ack").write("doc", a.doc()).write("seq", a.seq()).write("version", a.version());
    } else if (message instanceof ServerMessage.Presence) {
      ServerMessage.Presence p = (ServerMessage.Presence) message;
      g.write("t", "presence").write("doc", p.doc()).write("client", p.client());
      user(g, "user", p.user());
      g.write("range", p.range());
      if (p.meta() != null) {
        g.write("meta", p.meta());
      }
    } else if (message instanceof ServerMessage.PresenceGone) {
      ServerMessage.PresenceGone p = (ServerMessage.PresenceGone) message;
      g.write("t", "presence").write("doc", p.doc()).write("client", p.client());
      user(g, "user", p.user());
      g.write("gone", true);
    } else if (message instanceof ServerMessage.AccessChanged) {
      ServerMessage.AccessChanged a = (ServerMessage.AccessChanged) message;
      g.write("t", "access").write("doc", a.doc()).write("access", a.access());
    } else if (message instanceof ServerMessage.Threads) {
      ServerMessage.Threads th = (ServerMessage.Threads) message;
      g.write("t", "threads").write("doc", th.doc()).write("version", th.version()).writeStartArray("threads");
      for (dev.collab.comments.CommentThread thread : th.threads()) {
        g.write(CommentJson.thread(thread));
      }
      g.writeEnd();
    } else if (message instanceof ServerMessage.ThreadChanged) {
      ServerMessage.ThreadChanged th = (ServerMessage.ThreadChanged) message;
      g.write("t", "thread").write("doc", th.doc()).write("version", th.version()).write("thread", CommentJson.thread(th.thread()));
    } else if (message instanceof ServerMessage.ThreadDeleted) {
      ServerMessage.ThreadDeleted th = (ServerMessage.ThreadDeleted) message;
      g.write("t", "thread").write("doc", th.doc()).write("version", th.version())
          .write("thread", dev.collab.internal.json.BoundedJson.PROVIDER.createObjectBuilder().add("id", th.thread()).build()).write("deleted", true);
    } else if (message instanceof ServerMessage.Commented) {
      ServerMessage.Commented c = (ServerMessage.Commented) message;
      g.write("t", "commented").write("doc", c.doc()).write("seq", c.seq()).write("thread", c.thread());
    } else if (message instanceof ServerMessage.Left) {
      g.write("t", "left").write("doc", ((ServerMessage.Left) message).doc());
    } else if (message instanceof ServerMessage.Error) {
      ServerMessage.Error e = (ServerMessage.Error) message;
      g.write("t", "error").write("code", e.code().wire()).write("message", e.message());
      if (e.doc() != null) {
        g.write("doc", e.doc());
      }
      if (e.seq() != null) {
        g.write("seq", e.seq());
      }
    } else {
      g.write("t", "pong");
    }
    g.writeEnd();
  }

  private static void user(JsonGenerator g, String name, ServerMessage.WireUser user) {
    g.writeStartObject(name).write("id", user.id()).write("name", user.name()).writeEnd();
  }
}
