package io.twofold.enrollment.code;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validates and normalizes where codes go. */
public final class Destinations {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** A pragmatic address check (one @, a dotted domain, no spaces); delivery proves the rest. */
  private static final Pattern EMAIL =
      Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  private Destinations() {}

  /**
   * A phone number in international form, normalized to E.164 if libphonenumber finds it valid.
   */
  public static Optional<String> phoneE164(String input) {
    if (input == null || !input.trim().startsWith("+")) {
      return Optional.empty();
    }
    try {
      Phonenumber.PhoneNumber number = PHONES.parse(input.trim(), null);
      return PHONES.isValidNumber(number)
          ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
          : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether codes may go to this (valid, E.164) number: mobile numbers only, and numbers that
   * libphonenumber cannot tell from one ({@code FIXED_LINE_OR_MOBILE}, e.g. all of North America).
   * Premium-rate and shared-cost numbers are what SMS pumping (toll fraud) sends codes to; toll-free,
   * VoIP, personal, pager, UAN and voicemail numbers and landlines do not receive codes reliably.
   */
  public static boolean receivesCodes(String e164) {
    try {
      PhoneNumberUtil.PhoneNumberType type = PHONES.getNumberType(PHONES.parse(e164, null));
      return type == PhoneNumberUtil.PhoneNumberType.MOBILE || type == PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE;
    } catch (NumberParseException e) {
      return false;
    }
  }

  /** An email address, its domain lower-cased; at most 254 characters (RFC 5321 §4.5.3.1.3). */
  public static Optional<String> email(String input) {
    if (input == null) {
      return Optional.empty();
    }
    String trimmed = input.trim();
    if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()) {
      return Optional.empty();
    }
    int at = trimmed.lastIndexOf('@');
    return Optional.of(trimmed.substring(0, at) + trimmed.substring(at).toLowerCase(Locale.ROOT));
  }
}
