package io.twofold.testsupport;

import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Points a Spring test context at the shared {@link TwofoldInfrastructure}. Its properties rank
 * below a test's own inlined properties and above the application's configuration files.
 */
public class TwofoldInfrastructureInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final String INLINED = "Inlined Test Properties";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    String database = "twofold_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    MapPropertySource infrastructure =
        new MapPropertySource(
            "twofold-infrastructure", TwofoldInfrastructure.get().springProperties(database));
    MutablePropertySources sources = context.getEnvironment().getPropertySources();
    if (sources.contains(INLINED)) {
      sources.addAfter(INLINED, infrastructure);
    } else {
      sources.addFirst(infrastructure);
    }
  }
}
