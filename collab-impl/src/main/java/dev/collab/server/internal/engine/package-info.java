/**
 * Internal: the engine. Not for application code: it changes without notice. Applications use
 * {@link dev.collab.Collab} and the packages {@code dev.collab.server}, {@code dev.collab.server.defaults},
 * {@code dev.collab.server.redis} and {@code dev.collab.server.jms}; the wire ({@code internal.ws},
 * {@code internal.rest}) and the CDI wiring ({@code internal.cdi}) use {@link
 * dev.collab.server.internal.engine.CollabEngine}, {@link dev.collab.server.internal.engine.Session},
 * {@link dev.collab.server.internal.engine.SessionListener}, {@link
 * dev.collab.server.internal.engine.JoinReply} and {@link dev.collab.server.internal.engine.EngineConfig}.
 *
 * <p>Where each concern lives:
 * <ul>
 *   <li>the node: {@code CollabEngine} (composition root and lifecycle), {@code CollabApi} (the
 *       application API it delegates to), {@code DocumentContext} (what a document needs of the
 *       node: store, bus, access, types, config, threads, metrics, clock), {@code EngineExecutors}
 *       (every thread, named and owned), {@code AccessCache}, {@code ClientBindings},
 *       {@code CreateQuota}, {@code GroupCommitter};
 *   <li>the loaded documents: {@code DocumentRegistry} (one sequencer per document, drain, idle
 *       sweep) and {@code LoadAdmission};
 *   <li>one document: {@code DocumentSequencer} owns the single-writer turn ({@code checkTurn()})
 *       and coordinates its parts: {@code DocumentState} (content and transform window),
 *       {@code SubmitPath}, {@code BatchTransform} and {@code SubmitAnswers} (dedup, transform,
 *       commit, retry, answer), {@code JoinPath}, {@code FanOut}, {@code PresenceRelay},
 *       {@code BusRelay} (with gap fill), {@code Snapshots}, {@code DocumentLifecycle};
 *   <li>connections: {@code SessionRegistry} and {@code Session}, which keeps the handles of the
 *       documents it joined.
 * </ul>
 */
@NullMarked
package dev.collab.server.internal.engine;

import org.jspecify.annotations.NullMarked;
