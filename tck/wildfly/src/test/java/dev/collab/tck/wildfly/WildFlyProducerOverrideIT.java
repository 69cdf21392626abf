package dev.collab.tck.wildfly;

import dev.collab.tck.deployment.ProducerOverrideDeploymentKit;

/** The TCK's kit of SPI producers selected the CDI 4.0 ways, on WildFly. */
class WildFlyProducerOverrideIT extends ProducerOverrideDeploymentKit {}
