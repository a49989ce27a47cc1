package io.twofold.localstack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shell blocks of a README marked {@code <!-- walkthrough: NAME -->}. */
final class ReadmeBlocks {

  private ReadmeBlocks() {}

  static String block(String readme, String name) {
    Matcher block = Pattern.compile("<!-- walkthrough: " + Pattern.quote(name) + " -->\\s*```sh\\n(.*?)\\n```",
        Pattern.DOTALL).matcher(readme);
    if (!block.find()) {
      throw new IllegalArgumentException("README has no walkthrough block named " + name);
    }
    return block.group(1);
  }
}
