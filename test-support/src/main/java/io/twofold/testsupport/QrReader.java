package io.twofold.testsupport;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads a QR code from a PNG as an authenticator app's scanner would, with ZXing's decoder. */
public final class QrReader {

  private QrReader() {}

  public static String read(byte[] png) throws IOException, NotFoundException {
    var image = ImageIO.read(new ByteArrayInputStream(png));
    var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    // The PNG is a generated, unrotated code on a quiet zone: say so, as a scanner's cropping does.
    return new MultiFormatReader()
        .decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.TRY_HARDER, Boolean.TRUE))
        .getText();
  }
}
