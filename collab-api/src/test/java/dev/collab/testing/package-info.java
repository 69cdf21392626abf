/**
 * Test helpers shared by the tests of every module, shipped as collab-api's test jar
 * ({@code collab-api-<version>-tests.jar}, only this package): a module's tests use them with
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.collab</groupId>
 *   <artifactId>collab-api</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * <p>For Collab's own tests, not for applications: nothing here is API. Helpers an integrator
 * needs too (the raw protocol client {@code dev.collab.tck.WireSocket}) are public in the TCK
 * instead.
 */
@NullMarked
package dev.collab.testing;

import org.jspecify.annotations.NullMarked;
