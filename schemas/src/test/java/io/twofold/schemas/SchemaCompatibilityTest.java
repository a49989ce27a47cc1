package io.twofold.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards schema evolution: the {@code released/} folder holds the schemas as last released; every
 * current schema must read data written with its released copy and be read by it (Avro FULL; the
 * registry enforces FULL_TRANSITIVE, deploy/README — DESIGN §3's BACKWARD lets through changes that
 * break a login service reading Twofold's events with the schema it was built with). A breaking edit fails here
 * before it reaches a broker; a deliberate break is a new {@code .v2} topic and a new file.
 */
class SchemaCompatibilityTest {

  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path RELEASED = Path.of("released");

  static Stream<String> releasedRecords() {
    return load(RELEASED).keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("releasedRecords")
  void currentSchemaReadsDataWrittenWithReleasedSchema(String fullName) {
    Schema released = load(RELEASED).get(fullName);
    Schema current = load(CURRENT).get(fullName);

    assertThat(current).as("released schema %s was removed", fullName).isNotNull();
    assertThat(backward(current, released).getType())
        .as("%s is not BACKWARD compatible with its released copy: %s",
            fullName, backward(current, released).getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  /**
   * And the other way (FULL): a login service built with the released schema reads what the
   * current one writes. The registry holds every subject to FULL_TRANSITIVE (deploy/README), so a
   * change that fails here would also be refused when the services register it at start.
   */
  @ParameterizedTest
  @MethodSource("releasedRecords")
  void releasedSchemaReadsDataWrittenWithCurrentSchema(String fullName) {
    Schema released = load(RELEASED).get(fullName);
    Schema current = load(CURRENT).get(fullName);

    assertThat(backward(released, current).getType())
        .as("%s written now cannot be read with its released copy (not FORWARD compatible): %s",
            fullName, backward(released, current).getDescription())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void everyTopicValueTypeHasAReleasedSchema() {
    Map<String, Schema> released = load(RELEASED);
    for (Topic<String, ?> topic : Topics.all()) {
      assertThat(released).containsKey(topic.valueType().getName());
    }
  }

  @Test
  void detectsARequiredFieldAddedWithoutDefault() {
    Schema released = load(RELEASED).get("io.twofold.schemas.challenge.LockoutEvent");
    Schema broken = withExtraField(released, "{\"name\":\"newField\",\"type\":\"string\"}");
    assertThat(backward(broken, released).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  /** FULL refuses what BACKWARD lets through: a state old readers cannot decode. */
  @Test
  void detectsAnEnumSymbolOldReadersDoNotKnow() {
    Schema released = load(RELEASED).get("io.twofold.schemas.challenge.ChallengeEvent");
    Schema evolved = new Schema.Parser().parse(released.toString().replace("\"symbols\":[\"ISSUED\"", "\"symbols\":[\"ISSUED\",\"PAUSED\""));
    assertThat(evolved.toString()).contains("PAUSED");

    assertThat(backward(evolved, released).getType()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(backward(released, evolved).getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  @Test
  void acceptsAnOptionalFieldWithDefault() {
    Schema released = load(RELEASED).get("io.twofold.schemas.challenge.LockoutEvent");
    Schema evolved =
        withExtraField(released, "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}");
    assertThat(backward(evolved, released).getType())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void everySchemaAndFieldIsDocumented() {
    load(CURRENT).values().forEach(SchemaCompatibilityTest::assertDocumented);
  }

  private static void assertDocumented(Schema schema) {
    assertThat(schema.getDoc()).as("doc of %s", schema.getFullName()).isNotBlank();
    for (Schema.Field field : schema.getFields()) {
      assertThat(field.doc()).as("doc of %s.%s", schema.getFullName(), field.name()).isNotBlank();
    }
  }

  private static SchemaCompatibility.SchemaPairCompatibility backward(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
  }

  private static Schema withExtraField(Schema schema, String fieldJson) {
    String json = schema.toString();
    String patched = json.replaceFirst("\"fields\":\\[", "\"fields\":[" + fieldJson + ",");
    return new Schema.Parser().parse(patched);
  }

  /** Top-level records of one folder by full name, shared types under common/ parsed first. */
  static Map<String, Schema> load(Path folder) {
    Schema.Parser parser = new Schema.Parser();
    try (Stream<Path> common = Files.list(folder.resolve("common"));
        Stream<Path> records = Files.list(folder)) {
      for (Path path : common.filter(SchemaCompatibilityTest::isSchema).sorted().toList()) {
        parser.parse(path.toFile());
      }
      Map<String, Schema> byName = new TreeMap<>();
      List<Path> recordFiles = records.filter(SchemaCompatibilityTest::isSchema).sorted().toList();
      for (Path path : recordFiles) {
        Schema schema = parser.parse(path.toFile());
        byName.put(schema.getFullName(), schema);
      }
      return byName;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isSchema(Path path) {
    return path.toString().endsWith(".avsc");
  }
}
