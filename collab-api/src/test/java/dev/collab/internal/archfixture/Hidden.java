package dev.collab.internal.archfixture;

/** Test fixture: an internal type that an API signature must not mention. */
public final class Hidden {}
