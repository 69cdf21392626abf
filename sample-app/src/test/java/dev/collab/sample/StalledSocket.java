package dev.collab.sample;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written by hand over a plain {@link Socket}, so that "stops reading" means
 * exactly that: once the test stops calling {@link #next}, nothing reads the socket, the client's
 * kernel receive buffer fills (its size is set small before the connection, which turns off the
 * kernel's auto-tuning), then the server's send buffer, and the server has to hold or drop the
 * rest. It never answers a ping (a client that does not read cannot). Client frames are masked
 * (RFC 6455 §5.3); frames are read unbuffered, so nothing is read ahead of what the test asked for.
 */
final class StalledSocket implements AutoCloseable {
  /** A frame as read: its opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    static final int TEXT = 1;
    static final int CLOSE = 8;
    static final int PING = 9;

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame (1005 when it carries none). */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private StalledSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Connects to {@code ws} on loopback with a receive buffer of {@code receiveBuffer} bytes, and
   * does the opening handshake with {@code cookie}, {@code origin} and the subprotocol
   * {@code collab.v1}; fails unless the server answers 101.
   */
  static StalledSocket open(URI ws, String cookie, String origin, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 10_000);
    socket.setSoTimeout(60_000);
    StalledSocket client = new StalledSocket(socket);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\n"
        + "Host: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: collab.v1\r\n"
        + "Origin: " + origin + "\r\nCookie: " + cookie + "\r\n\r\n";
    client.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    client.out.flush();
    String status = client.readLine();
    while (!client.readLine().isEmpty()) {
      // the response's headers: not needed
    }
    if (!status.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("the handshake was answered " + status);
    }
    return client;
  }

  /** The receive buffer the kernel actually gave the socket (Linux doubles what was asked). */
  int receiveBuffer() throws IOException {
    return socket.getReceiveBufferSize();
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("the connection ended in the handshake's response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** Sends {@code text} as one masked text frame. */
  void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
    frame.put((byte) 0x81);
    if (payload.length < 126) {
      frame.put((byte) (0x80 | payload.length));
    } else if (payload.length < 65_536) {
      frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.put(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ mask[i & 3]));
    }
    out.write(frame.array(), 0, frame.position());
    out.flush();
  }

  /** The next whole frame (fragments are not used by the servers under test: a continuation fails). */
  Frame next() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    if ((first & 0x80) == 0 || (first & 0x0f) == 0) {
      throw new IOException("a fragmented frame (first byte " + Integer.toHexString(first) + "): not expected here");
    }
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("a frame of " + length + " bytes");
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  /** Reads with a time limit of {@code millis} per read from now on. */
  void timeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** True if {@code e} is a read that timed out (the connection is still open). */
  static boolean timedOut(IOException e) {
    return e instanceof SocketTimeoutException;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
