package io.twofold.platform.support;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A minimal application for testing the platform's auto-configuration on real infrastructure. */
@SpringBootApplication
public class PlatformTestApplication {}
