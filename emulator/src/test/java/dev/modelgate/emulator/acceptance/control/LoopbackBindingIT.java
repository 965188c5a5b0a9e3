package dev.modelgate.emulator.acceptance.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.modelgate.emulator.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.Socket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code Emulator.builder().port(…)}: the listener is on 127.0.0.1 only, on the port asked for. */
class LoopbackBindingIT {

    @Test
    void freePort_isBoundOnTheLoopbackAddress() throws IOException {
        try (Emulator emulator = Emulator.builder().port(0).build();
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), emulator.port()), 5_000);

            assertThat(emulator.port()).isPositive();
            assertThat(emulator.endpoint().toString()).isEqualTo("http://127.0.0.1:" + emulator.port());
            assertThat(socket.getInetAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void thisMachinesOtherAddresses_areNotListenedOn() throws IOException {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try");

        try (Emulator emulator = Emulator.builder().port(0).build(); Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other.get(), emulator.port()), 5_000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void portInUse_failsNamingIt() {
        try (Emulator first = Emulator.builder().port(0).build()) {
            int taken = first.port();

            assertThatThrownBy(() -> Emulator.builder().port(taken).build())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("could not listen on 127.0.0.1:" + taken);
        }
    }

    @Test
    void closedEmulator_freesItsPort() throws IOException {
        int port;
        try (Emulator emulator = Emulator.builder().port(0).build()) {
            port = emulator.port();
        }

        try (Emulator again = Emulator.builder().port(port).build()) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void portOutOfRange_isRefused() {
        assertThatThrownBy(() -> Emulator.builder().port(65_536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535, got 65536");
        assertThatThrownBy(() -> Emulator.builder().port(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535, got -1");
    }

    /** An IPv4 address of this machine's own interfaces that is not loopback; never a remote host. */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(LoopbackBindingIT::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
                        && !address.isAnyLocalAddress() && !address.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
