package io.twofold.platform.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an endpoint needs. Every endpoint of a Twofold controller declares one (on the
 * method, or on the class for all its methods); an endpoint without it is refused for everyone
 * (403), so a new endpoint is closed until someone decides who may call it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Allow {
  Permission value();
}
