package io.twofold.loginapp.users;

import io.twofold.loginapp.LoginAppProperties;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The password step: demo users in memory, their passwords kept only as BCrypt hashes. An unknown
 * name costs a hash comparison too, so timing does not tell which names exist.
 */
@Component
public class DemoUsers {

  private final PasswordEncoder passwords = new BCryptPasswordEncoder();
  private final Map<String, Entry> users = new LinkedHashMap<>();
  private final String decoy;

  private record Entry(DemoUser user, String passwordHash) {}

  public DemoUsers(LoginAppProperties properties) {
    for (String spec : properties.users()) {
      String[] parts = spec.split(":", -1);
      if (parts.length < 3) {
        throw new IllegalStateException("a demo user is name:password:authority[:tenant[:profile[:customer]]]: " + spec);
      }
      String name = parts[0];
      DemoUser user = new DemoUser(name, parts[2], part(parts, 3), part(parts, 4), part(parts, 5),
          name + "@example.com");
      users.put(name, new Entry(user, passwords.encode(parts[1])));
    }
    decoy = passwords.encode("no user has this password");
  }

  private static String part(String[] parts, int index) {
    return parts.length > index && !parts[index].isBlank() ? parts[index] : null;
  }

  /** The user whose name and password these are. */
  public Optional<DemoUser> authenticate(String name, String password) {
    Entry entry = users.get(name == null ? "" : name.trim());
    boolean matches = passwords.matches(password == null ? "" : password, entry == null ? decoy : entry.passwordHash());
    return entry != null && matches ? Optional.of(entry.user()) : Optional.empty();
  }

  public Optional<DemoUser> find(String name) {
    return Optional.ofNullable(users.get(name)).map(Entry::user);
  }

  public List<DemoUser> all() {
    return users.values().stream().map(Entry::user).toList();
  }

  /** Constant-time comparison of two identifiers (a user id Twofold returned against ours). */
  public static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
