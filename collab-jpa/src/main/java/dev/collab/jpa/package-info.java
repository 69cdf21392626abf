/**
 * The JPA DocumentStore: for applications that configure it and for integrators reading a reference store.
 */
@NullMarked
package dev.collab.jpa;

import org.jspecify.annotations.NullMarked;
