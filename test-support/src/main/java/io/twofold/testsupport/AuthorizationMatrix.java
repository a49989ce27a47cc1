package io.twofold.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The authorization matrix of a service (issue 13): every operation its OpenAPI document lists,
 * plus the actuator, against every kind of caller, each with the exact status it must get.
 *
 * <p>A service's test writes the matrix as a table, one row per operation, one column per caller
 * with a valid token:
 *
 * <pre>
 *                                      SYS TA  TA~ TA0 CU  EN  LC  LC~ IN  ME
 *   GET /api/v1/settings/system        200 403 403 403 403 403 403 403 403 403
 * </pre>
 *
 * and the requests that exercise each row. Every row is also sent with no token, an expired token,
 * a token signed with another key, a token for another audience and a token without {@code exp}:
 * all five must get 401. An operation of the OpenAPI document without a row fails the test, and so
 * does a row for an operation that no longer exists, and an operation whose OpenAPI entry does not
 * name its permission.
 */
public final class AuthorizationMatrix {

  /** The tenant of the tenant administrator, customer user and enroll-only callers. */
  public static final String TENANT = "matrix-tenant";
  public static final String OTHER_TENANT = "matrix-other-tenant";
  /** The login client that created the challenges a row names; {@code LC~} is another client. */
  public static final String LOGIN_CLIENT = "matrix-portal";
  public static final String OTHER_LOGIN_CLIENT = "matrix-other-portal";

  private static final Tokens TOKENS = Tokens.forTests();
  private static final Pattern ROW = Pattern.compile("^\\s*(GET|POST|PUT|DELETE|PATCH)\\s+(\\S+)\\s+(.*)$");
  private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

  /** Callers of the matrix. Those with a column name have a valid token and a column in the table. */
  public enum Caller {
    NO_TOKEN(null),
    EXPIRED(null),
    WRONG_KEY(null),
    OTHER_AUDIENCE(null),
    NO_EXPIRY(null),
    SYSTEM_ADMIN("SYS"),
    TENANT_ADMIN("TA"),
    OTHER_TENANT_ADMIN("TA~"),
    EMPTY_TENANT_ADMIN("TA0"),
    CUSTOMER_USER("CU"),
    ENROLL_ONLY("EN"),
    LOGIN_CLIENT("LC"),
    OTHER_LOGIN_CLIENT("LC~"),
    INTERNAL_SERVICE("IN"),
    METRICS_SCRAPER("ME");

    private final String column;

    Caller(String column) {
      this.column = column;
    }

    public String column() {
      return column;
    }

    boolean hasValidToken() {
      return column != null;
    }
  }

  /**
   * One cell: a caller, its subject (fresh for user kinds, so cells share no state) and its token.
   */
  public record Cell(Caller caller, String subject, String token) {}

  /** What a row sends: the path (variables filled, query allowed) and a JSON body or null. */
  public record Request(String path, Object body) {

    public static Request of(String path) {
      return new Request(path, null);
    }
  }

  private final ApiClient api;
  private final Map<String, Function<Cell, Request>> requests = new LinkedHashMap<>();
  private final Set<String> beyondTheDocument = new TreeSet<>();

  public AuthorizationMatrix(ApiClient api) {
    this.api = api;
    // Every service exposes these; OpenAPI does not list the actuator.
    beyondTheDocument.add("GET /actuator/prometheus");
    beyondTheDocument.add("GET /actuator/info");
  }

  /** How to send one operation; operations without one send their path, variables filled, no body. */
  public AuthorizationMatrix request(String operation, Function<Cell, Request> request) {
    requests.put(normalise(operation), request);
    return this;
  }

  /** An operation the OpenAPI document does not list but the table has a row for. */
  public AuthorizationMatrix alsoCheck(String operation) {
    beyondTheDocument.add(normalise(operation));
    return this;
  }

  /** Sends every row as every caller and fails with the list of cells whose status differs. */
  public void check(String table) {
    Map<String, Map<Caller, Integer>> rows = parse(table);
    Set<String> operations = new TreeSet<>(documentedOperations());
    operations.addAll(beyondTheDocument);
    assertThat(rows.keySet()).as("rows of the matrix against the service's operations (OpenAPI document"
        + " and actuator): every operation needs a row, every row an operation").containsExactlyInAnyOrderElementsOf(operations);
    documentedPermissions().forEach((operation, permission) ->
        assertThat(permission).as(operation + " documents its permission (x-twofold-permission)").isNotBlank());

    List<String> wrong = new ArrayList<>();
    rows.forEach((operation, expected) -> {
      String method = operation.substring(0, operation.indexOf(' '));
      for (Caller caller : Caller.values()) {
        Cell cell = cell(caller);
        Request request = requests.getOrDefault(operation, c -> Request.of(fill(operation.substring(method.length() + 1))))
            .apply(cell);
        int actual = api.call(method, request.path(), cell.token(), request.body()).status();
        int wanted = caller.hasValidToken() ? expected.get(caller) : 401;
        if (actual != wanted) {
          wrong.add(String.format("%-60s %-20s expected %d, got %d", operation, caller, wanted, actual));
        }
      }
    });
    assertThat(wrong).as("cells of the authorization matrix with another status than the table's").isEmpty();
  }

  /** "METHOD /path" of every operation in the service's OpenAPI document. */
  public Set<String> documentedOperations() {
    JsonNode paths = api.get("/v3/api-docs", null).body().get("paths");
    Set<String> operations = new TreeSet<>();
    paths.properties().forEach(path -> path.getValue().properties().forEach(method ->
        operations.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey())));
    return operations;
  }

  /** The permission each documented operation declares ({@code x-twofold-permission}). */
  public Map<String, String> documentedPermissions() {
    JsonNode paths = api.get("/v3/api-docs", null).body().get("paths");
    Map<String, String> permissions = new LinkedHashMap<>();
    paths.properties().forEach(path -> path.getValue().properties().forEach(method -> {
      JsonNode permission = method.getValue().get("x-twofold-permission");
      permissions.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
          permission == null ? null : permission.asString());
    }));
    return permissions;
  }

  /** A fresh cell of this caller kind: user kinds get a subject of their own. */
  public static Cell cell(Caller caller) {
    String user = "matrix-user-" + UUID.randomUUID();
    return switch (caller) {
      case NO_TOKEN -> new Cell(caller, user, null);
      case EXPIRED -> new Cell(caller, user, TOKENS.subject(user).authority("SYS_ADMIN")
          .issuedAt(Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofMinutes(5)).mint());
      case WRONG_KEY -> new Cell(caller, user, Tokens.withSecret(Base64.getEncoder().encodeToString(new byte[32]))
          .sysAdmin(user));
      case OTHER_AUDIENCE -> new Cell(caller, user, TOKENS.subject(user).authority("SYS_ADMIN").audience("payroll").mint());
      case NO_EXPIRY -> new Cell(caller, user, TOKENS.subject(user).authority("SYS_ADMIN").withoutExpiry().mint());
      case SYSTEM_ADMIN -> new Cell(caller, user, TOKENS.sysAdmin(user));
      case TENANT_ADMIN -> new Cell(caller, user, TOKENS.tenantAdmin(user, TENANT));
      case OTHER_TENANT_ADMIN -> new Cell(caller, user, TOKENS.tenantAdmin(user, OTHER_TENANT));
      case EMPTY_TENANT_ADMIN -> new Cell(caller, user, TOKENS.subject(user).tenant("").authority("TENANT_ADMIN").mint());
      case CUSTOMER_USER -> new Cell(caller, user, TOKENS.customerUser(user, TENANT, "matrix-customer"));
      case ENROLL_ONLY -> new Cell(caller, user,
          TOKENS.subject(user).tenant(TENANT).authority("CUSTOMER_USER").scope(Tokens.ENROLL).mint());
      case LOGIN_CLIENT -> new Cell(caller, LOGIN_CLIENT, TOKENS.loginService(LOGIN_CLIENT));
      case OTHER_LOGIN_CLIENT -> new Cell(caller, OTHER_LOGIN_CLIENT, TOKENS.loginService(OTHER_LOGIN_CLIENT));
      case INTERNAL_SERVICE -> new Cell(caller, "matrix-service", TOKENS.internalService("matrix-service"));
      case METRICS_SCRAPER -> new Cell(caller, "matrix-prometheus", TOKENS.metricsScraper("matrix-prometheus"));
    };
  }

  /** The path with {tenantId} as {@link #TENANT} and any other variable as a fresh id. */
  public static String fill(String template) {
    Matcher variables = VARIABLE.matcher(template);
    StringBuilder path = new StringBuilder();
    while (variables.find()) {
      String value = variables.group(1).equals("tenantId") ? TENANT : "matrix-" + UUID.randomUUID();
      variables.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    return variables.appendTail(path).toString();
  }

  static Map<String, Map<Caller, Integer>> parse(String table) {
    List<Caller> columns = null;
    Map<String, Map<Caller, Integer>> rows = new LinkedHashMap<>();
    for (String line : table.strip().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (!row.matches()) {
        columns = Arrays.stream(line.trim().split("\\s+")).map(AuthorizationMatrix::column).toList();
        continue;
      }
      if (columns == null) {
        throw new IllegalArgumentException("the table needs a header line of columns before its rows");
      }
      String[] statuses = row.group(3).trim().split("\\s+");
      if (statuses.length != columns.size()) {
        throw new IllegalArgumentException("row '" + line.trim() + "' has " + statuses.length + " statuses for "
            + columns.size() + " columns");
      }
      Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
      for (int i = 0; i < statuses.length; i++) {
        expected.put(columns.get(i), Integer.parseInt(statuses[i]));
      }
      String operation = normalise(row.group(1) + " " + row.group(2));
      if (rows.put(operation, expected) != null) {
        throw new IllegalArgumentException("two rows for " + operation);
      }
    }
    for (Map.Entry<String, Map<Caller, Integer>> row : rows.entrySet()) {
      for (Caller caller : Caller.values()) {
        if (caller.hasValidToken() && !row.getValue().containsKey(caller)) {
          throw new IllegalArgumentException(row.getKey() + " has no column for " + caller);
        }
      }
    }
    return rows;
  }

  private static Caller column(String name) {
    return Arrays.stream(Caller.values()).filter(c -> name.equals(c.column())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown column " + name));
  }

  private static String normalise(String operation) {
    String[] parts = operation.trim().split("\\s+");
    return parts[0].toUpperCase(Locale.ROOT) + " " + parts[1];
  }
}
