package dev.collab.server.it;

import dev.collab.tck.deployment.SpiOverrideDeploymentKit;

/** The TCK's in-container SPI override kit on Payara Micro (one boot). */
class SpiOverrideIT extends SpiOverrideDeploymentKit {}
