package dev.collab.tck.wildfly;

import dev.collab.tck.deployment.SpiOverrideDeploymentKit;

/** The TCK's in-container SPI override kit on WildFly. */
class WildFlyOverrideIT extends SpiOverrideDeploymentKit {}
