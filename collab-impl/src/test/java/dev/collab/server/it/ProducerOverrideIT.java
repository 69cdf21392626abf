package dev.collab.server.it;

import dev.collab.tck.deployment.ProducerOverrideDeploymentKit;

/** The TCK's kit of SPI producers selected the CDI 4.0 ways, on Payara Micro (one boot). */
class ProducerOverrideIT extends ProducerOverrideDeploymentKit {}
