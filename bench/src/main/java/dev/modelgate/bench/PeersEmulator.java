package dev.modelgate.bench;

import dev.modelgate.emulator.Emulator;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The upstream of the peers benchmark ({@link PeersBench}) as a process of its own: the emulator on 127.0.0.1 with
 * SigV4 signatures verified (not the {@code --no-verify} fast mode) and its journal off. It prints
 * {@code endpoint <uri>} once it listens, then reads commands from its standard input, one a line:
 * {@code trust <roleArn> <base64 of a trust policy>} replaces a role's trust policy (as a tenant pasting the policy
 * Modelgate shows; the emulator has no HTTP operation for it) and answers {@code ok}. It stops when its input ends,
 * so it never outlives the benchmark that started it.
 */
public final class PeersEmulator {

    private PeersEmulator() {
    }

    public static void main(String[] args) throws Exception {
        try (Emulator emulator = Emulator.builder().port(0).verifySignatures(true).build()) {
            emulator.journal().setEnabled(false);
            System.out.println("endpoint " + emulator.endpoint());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] fields = line.strip().split(" ");
                try {
                    if (fields.length == 3 && fields[0].equals("trust")) {
                        emulator.updateAssumeRolePolicy(fields[1],
                                new String(Base64.getDecoder().decode(fields[2]), StandardCharsets.UTF_8));
                        System.out.println("ok");
                    } else {
                        System.out.println("error unknown command");
                    }
                } catch (RuntimeException e) {
                    System.out.println("error " + e.getMessage());
                }
                System.out.flush();
            }
        }
    }
}
