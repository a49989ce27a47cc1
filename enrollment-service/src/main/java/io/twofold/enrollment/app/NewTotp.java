package io.twofold.enrollment.app;

import io.twofold.enrollment.domain.Factor;

/**
 * A TOTP factor just created, with what the user needs once to set up its app: the secret, the
 * {@code otpauth://} URI and its QR code. Returned by the creating request only.
 */
public record NewTotp(Factor factor, String secretBase32, String otpauthUri, byte[] qrPng) {}
