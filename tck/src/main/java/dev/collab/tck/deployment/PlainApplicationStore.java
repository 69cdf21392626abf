package dev.collab.tck.deployment;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * An application's store declared without {@code @Alternative @Priority}: a second candidate next
 * to Collab's default, which must fail the deployment naming both.
 */
@ApplicationScoped
public class PlainApplicationStore extends DelegatingStore {}
