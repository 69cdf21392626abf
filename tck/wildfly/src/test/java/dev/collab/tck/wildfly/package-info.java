/** The TCK's deployment kits run on WildFly: Collab's own use of them, not shipped. */
package dev.collab.tck.wildfly;
