/**
 * Internal: server-side representations of OT documents. Not for application code; reached through
 * {@link dev.collab.ot.OtType#newDocument}.
 */
@NullMarked
package dev.collab.internal.ot;

import org.jspecify.annotations.NullMarked;
