package io.twofold.enrollment.app;

/** The code does not confirm the factor (wrong, expired or already used). */
public class WrongCodeException extends RuntimeException {

  public WrongCodeException(String message) {
    super(message);
  }
}
