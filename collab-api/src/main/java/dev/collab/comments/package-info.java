/**
 * Comment threads anchored to a range of a document's text ({@link dev.collab.Collab#comments()}):
 * the values ({@link CommentThread}, {@link Comment}, {@link Anchor}), the API ({@link Comments}) and
 * the CDI events ({@link CommentChange}, {@link Mention}). docs/COMMENTS.md says how anchors follow
 * the text under concurrent edits and why they are kept beside the text rather than in it.
 */
@NullMarked
package dev.collab.comments;

import org.jspecify.annotations.NullMarked;
