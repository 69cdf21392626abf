/**
 * Internal: the REST resources under {@code {context}/collab/api}: documents (create, list, read, ops,
 * history, delete) and the health probes ({@code health/live}, {@code health/ready}, no login).
 * Registered by the jar itself; not for application code.
 */
@NullMarked
package dev.collab.server.internal.rest;

import org.jspecify.annotations.NullMarked;
