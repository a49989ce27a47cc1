package io.twofold.enrollment.backup;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Backup codes: 10 characters from an alphabet without look-alikes (no 0/o, 1/l/i), about 50 bits
 * each, shown as {@code xxxxx-xxxxx}. Compared after normalizing case, spaces and dashes.
 */
public final class BackupCodes {

  private static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
  private static final int LENGTH = 10;

  private BackupCodes() {}

  public static List<String> generate(int count, SecureRandom random) {
    List<String> codes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder code = new StringBuilder(LENGTH + 1);
      for (int c = 0; c < LENGTH; c++) {
        if (c == LENGTH / 2) {
          code.append('-');
        }
        code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      codes.add(code.toString());
    }
    return codes;
  }

  /** The form codes are hashed in: lower case, no separators. */
  public static String normalize(String code) {
    return code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
  }

  public static boolean wellFormed(String code) {
    String normalized = normalize(code);
    return normalized.length() == LENGTH && normalized.chars().allMatch(ch -> ALPHABET.indexOf(ch) >= 0);
  }
}
