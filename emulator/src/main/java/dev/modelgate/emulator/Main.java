package dev.modelgate.emulator;

import dev.modelgate.emulator.iam.Account;
import dev.modelgate.emulator.iam.Role;
import dev.modelgate.emulator.iam.User;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar modelgate-emulator.jar [--port 4566] [--world FILE] [--no-verify]}: runs the emulator on
 * 127.0.0.1 until interrupted.
 */
public final class Main {

    private static final String USAGE = """
            usage: java -jar modelgate-emulator.jar [--port N] [--world FILE] [--no-verify]
              --port N       port on 127.0.0.1 (default 4566; 0 picks a free one)
              --world FILE   YAML or JSON world file (default: the built-in world)
              --no-verify    fast mode for load tests: skip SigV4 signature checks (policies still apply)""";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 4566;
        Path worldFile = null;
        boolean verify = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = parsePort(value(args, ++i, "--port"));
                case "--world" -> worldFile = Path.of(value(args, ++i, "--world"));
                case "--no-verify" -> verify = false;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> fail("unknown option " + args[i]);
            }
        }
        if (worldFile != null && !Files.isReadable(worldFile)) {
            fail("world file " + worldFile + " does not exist or is not readable");
        }
        Emulator.Builder builder = Emulator.builder().port(port).verifySignatures(verify);
        if (worldFile != null) {
            try {
                builder.worldFile(worldFile);
            } catch (RuntimeException e) {
                fail("world file " + worldFile + ": " + e.getMessage());
            }
        }
        Emulator emulator = builder.build();
        printBanner(emulator, worldFile, verify);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void printBanner(Emulator emulator, Path worldFile, boolean verify) {
        StringBuilder out = new StringBuilder();
        out.append("Modelgate AWS emulator (STS + Bedrock) listening on ").append(emulator.endpoint()).append('\n');
        out.append("  world: ").append(worldFile == null ? "built-in default" : worldFile)
                .append(verify ? "" : "   signatures: NOT verified (--no-verify)").append('\n');
        for (Account account : emulator.world().accounts()) {
            for (User user : account.users()) {
                user.accessKeys().forEach(key -> out.append("  user ").append(user.arn())
                        .append("  access key ").append(key.id()).append('\n'));
            }
            for (Role role : account.roles()) {
                out.append("  role ").append(role.arn()).append('\n');
            }
        }
        out.append("  secrets and policies: GET ").append(emulator.endpoint()).append("/_emulator/world\n");
        out.append("  point an AWS SDK client at it with endpointOverride(").append(emulator.endpoint())
                .append("); Ctrl-C stops it");
        System.out.println(out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("--port must be a number between 0 and 65535, got " + text);
        return -1;
    }

    private static void fail(String message) {
        System.err.println("modelgate-emulator: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }
}
