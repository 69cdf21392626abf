/**
 * Deployment kits in the Jakarta TCK shape (Arquillian, JUnit 5): one minimal ShrinkWrap archive per
 * kit class, in-container checks of Collab's beans and SPI overrides, a broken deployment, and the
 * protocol conformance kit run as a client against the deployed WAR. A vendor subclasses each kit
 * (an empty class) and puts their Arquillian container adapter on the test class path.
 */
@NullMarked
package dev.collab.tck.deployment;

import org.jspecify.annotations.NullMarked;
