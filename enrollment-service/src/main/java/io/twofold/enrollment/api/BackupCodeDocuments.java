package io.twofold.enrollment.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.web.util.HtmlUtils;

/** Backup codes as people keep them: a text file, or a page to print. */
final class BackupCodeDocuments {

  /** What {@code ?format=} asks for. */
  enum Format { text, html }

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final String ADVICE = "Each code signs you in once, when you cannot use your other methods. "
      + "Keep them somewhere safe; making new codes voids these.";

  private BackupCodeDocuments() {}

  static String textFile(List<String> codes, Instant generated) {
    StringBuilder text = new StringBuilder("Backup codes\r\nGenerated " + WHEN.format(generated) + "\r\n")
        .append(ADVICE).append("\r\n\r\n");
    codes.forEach(code -> text.append(code).append("\r\n"));
    return text.toString();
  }

  static String printablePage(List<String> codes, Instant generated) {
    StringBuilder items = new StringBuilder();
    codes.forEach(code -> items.append("<li><code>").append(HtmlUtils.htmlEscape(code)).append("</code></li>"));
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
        <title>Backup codes</title>
        <style>body{font-family:sans-serif;max-width:32em;margin:2em auto}ol{columns:2;font-size:1.3em}
        li{margin:.4em 0}@media print{button{display:none}}</style></head>
        <body><h1>Backup codes</h1><p>Generated %s</p><p>%s</p><ol>%s</ol>
        <button onclick="window.print()">Print</button></body></html>
        """.formatted(WHEN.format(generated), ADVICE, items);
  }
}
