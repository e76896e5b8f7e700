package org.pinoauth.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The development run's connectors ({@code src/dev/jetty-connectors.xml}, which {@code mvn
 * jetty:run} applies), started here on a free port: they listen on 127.0.0.1 and, where this
 * machine has it, ::1, and nowhere else (it has admin/admin); {@code jetty.http.host} puts them on
 * one chosen address instead.
 */
class DevRunConnectorsTest {
  private static final Path CONNECTORS_XML = Path.of("src/dev/jetty-connectors.xml");

  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void startWhenNoHostSetThenListensOnLoopbackOnly() throws Exception {
    int port = freePort();
    server = configure(Map.of("jetty.http.port", String.valueOf(port)));
    server.start();

    List<InetAddress> expected = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
    if (hasIpv6Loopback()) {
      expected.add(InetAddress.getByName("::1"));
    }
    assertEquals(expected, boundAddresses(server));
    for (InetAddress loopback : expected) {
      assertTrue(accepts(loopback, port), "refused on " + loopback);
    }
  }

  @Test
  void startWhenHostSetThenListensOnThatHostAlone() throws Exception {
    int port = freePort();
    server =
        configure(Map.of("jetty.http.port", String.valueOf(port), "jetty.http.host", "127.0.0.2"));
    server.start();

    assertEquals(List.of(InetAddress.getByName("127.0.0.2")), boundAddresses(server));
    assertTrue(accepts(InetAddress.getByName("127.0.0.2"), port));
    assertFalse(accepts(InetAddress.getByName("127.0.0.1"), port));
  }

  /** Applies the file as jetty-ee10-maven-plugin applies its jettyXmls. */
  private static Server configure(Map<String, String> properties) throws Exception {
    Server server = new Server();
    XmlConfiguration xml =
        new XmlConfiguration(ResourceFactory.of(server).newResource(CONNECTORS_XML));
    xml.getIdMap().put("Server", server);
    xml.getProperties().putAll(properties);
    return (Server) xml.configure();
  }

  /** The addresses the started server's sockets are bound to, as {@code ss -ltn} lists them. */
  private static List<InetAddress> boundAddresses(Server server) throws IOException {
    List<InetAddress> bound = new ArrayList<>();
    for (Connector connector : server.getConnectors()) {
      ServerSocketChannel channel = (ServerSocketChannel) connector.getTransport();
      bound.add(((InetSocketAddress) channel.getLocalAddress()).getAddress());
    }
    return bound;
  }

  /** Whether a TCP connection to this address and port is accepted. */
  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasIpv6Loopback() throws IOException {
    return NetworkInterface.getByInetAddress(InetAddress.getByName("::1")) != null;
  }

  private static int freePort() throws IOException {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      return ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
  }
}
