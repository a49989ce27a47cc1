package io.twofold.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above a size with 413: a declared Content-Length at once, a chunked body as
 * soon as it reads past the limit. Twofold's requests are small JSON documents; a huge body is an
 * attack or a bug, never something to buffer.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final ProblemWriter writer;

  public RequestBodyLimitFilter(long maxBytes, ProblemWriter writer) {
    this.maxBytes = maxBytes;
    this.writer = writer;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      writer.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", tooLarge());
      return;
    }
    chain.doFilter(new Bounded(request), response);
  }

  private String tooLarge() {
    return "request body is larger than " + maxBytes + " bytes";
  }

  /** Thrown while reading a body past the limit; mapped to 413 by {@link ProblemResponses}. */
  public static final class BodyTooLarge extends IOException {
    BodyTooLarge(String message) {
      super(message);
    }
  }

  private final class Bounded extends HttpServletRequestWrapper {
    private ServletInputStream stream;

    Bounded(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream());
      }
      return stream;
    }
  }

  private final class Counting extends ServletInputStream {
    private final ServletInputStream delegate;
    private long read;

    Counting(ServletInputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public int read() throws IOException {
      int value = delegate.read();
      if (value >= 0) {
        count(1);
      }
      return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = delegate.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLarge {
      read += n;
      if (read > maxBytes) {
        throw new BodyTooLarge(tooLarge());
      }
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
