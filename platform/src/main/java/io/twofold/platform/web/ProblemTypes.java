package io.twofold.platform.web;

import java.net.URI;

/** Problem type URIs (RFC 9457 §3.1.1): a stable, machine-readable name per kind of problem. */
public final class ProblemTypes {

  private static final String PREFIX = "urn:twofold:problem:";

  private ProblemTypes() {}

  public static URI of(String slug) {
    return URI.create(PREFIX + slug);
  }
}
