package io.twofold.enrollment.totp;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.QrReader;
import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QrCodesTest {

  /** Every enrollment's QR code must scan, whatever its content: many realistic URIs, all read back. */
  @Test
  void everyGeneratedOtpauthUriScansBack() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 300; i++) {
      String account = i % 2 == 0 ? "user-" + UUID.randomUUID() : "jane.doe+" + i + "@example.com";
      String uri = OtpAuthUri.of(i % 3 == 0 ? "Acme Corp" : "Acme", account, TotpSecret.generate(random));

      assertThat(QrReader.read(QrCodes.png(uri))).as("QR of %s", uri).isEqualTo(uri);
    }
  }
}
