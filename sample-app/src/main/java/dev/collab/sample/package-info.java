/**
 * The sample application. Not a library: an example of wiring Collab into a WAR.
 */
@NullMarked
package dev.collab.sample;

import org.jspecify.annotations.NullMarked;
