package dev.collab.tck.wildfly;

import dev.collab.tck.deployment.WireDeploymentKit;

/** The TCK's protocol conformance kit over the wire against a minimal WAR on WildFly. */
class WildFlyWireIT extends WireDeploymentKit {}
