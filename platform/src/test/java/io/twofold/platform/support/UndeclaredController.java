package io.twofold.platform.support;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An endpoint someone forgot to give a permission: it must be refused for every caller. */
@RestController
public class UndeclaredController {

  @GetMapping("/probe-undeclared")
  public Map<String, String> forgotten() {
    return Map.of("leaked", "yes");
  }
}
