package dev.modelgate.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * The few Redis commands {@link ClusterRun} needs, over one connection speaking RESP: {@code PING} before anything
 * starts, and at the end {@code SCAN} and {@code DEL} of the keys under the run's prefix. {@code redis://} and
 * {@code rediss://} (TLS) URLs, with {@code user:password@} ({@code AUTH}) and a database number ({@code SELECT}).
 */
final class ClusterRedis implements AutoCloseable {

    /** How to start a Redis on this machine, for the message when none answers. */
    static final String HOW_TO_START = "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\"";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private ClusterRedis(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects (5 s to connect, 10 s per answer), authenticates and selects the URL's database, then checks that
     * Redis answers {@code PING}.
     *
     * @throws IllegalStateException when Redis does not answer or refuses, saying how to start one
     */
    static ClusterRedis connect(String url, String shown) {
        URI uri = URI.create(url);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        Socket socket = null;
        try {
            socket = uri.getScheme().equals("rediss") ? SSLSocketFactory.getDefault().createSocket() : new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), port), 5_000);
            socket.setSoTimeout(10_000);
            ClusterRedis redis = new ClusterRedis(socket);
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                String password = URLDecoder.decode(parts.length == 2 ? parts[1] : parts[0], StandardCharsets.UTF_8);
                if (parts.length == 2 && !parts[0].isEmpty()) {
                    redis.command("AUTH", URLDecoder.decode(parts[0], StandardCharsets.UTF_8), password);
                } else {
                    redis.command("AUTH", password);
                }
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
            if (!path.isEmpty()) {
                redis.command("SELECT", path);
            }
            Object pong = redis.command("PING");
            if (!"PONG".equals(pong)) {
                throw new IOException("PING was answered " + pong);
            }
            return redis;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IllegalStateException("Redis at " + shown + " did not answer or refused: " + e.getMessage()
                    + "\n  start one on this machine with: " + HOW_TO_START
                    + "\n  or point MODELGATE_CLUSTER_REDIS_URL at another", e);
        }
    }

    /** Deletes every key that starts with {@code prefix} (which holds no glob characters); how many there were. */
    long deleteKeys(String prefix) throws IOException {
        if (!prefix.matches("[A-Za-z0-9:_.-]+")) {
            throw new IllegalArgumentException("a key prefix of letters, digits and :_.- only, got " + prefix);
        }
        long deleted = 0;
        String cursor = "0";
        do {
            List<?> page = (List<?>) command("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
            cursor = (String) page.get(0);
            List<?> keys = (List<?>) page.get(1);
            if (!keys.isEmpty()) {
                List<String> del = new ArrayList<>(List.of("DEL"));
                keys.forEach(k -> del.add((String) k));
                deleted += (Long) command(del.toArray(String[]::new));
            }
        } while (!cursor.equals("0"));
        return deleted;
    }

    /** Sends one command and reads its answer: a String, a Long, a List or null; an error answer is thrown. */
    private Object command(String... arguments) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(request.toByteArray());
        out.flush();
        return read(arguments[0]);
    }

    private Object read(String command) throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IOException(command + " was refused: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                yield new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(command));
                }
                yield items;
            }
            case -1 -> throw new IOException("Redis closed the connection");
            default -> throw new IOException("an answer of unknown type '" + (char) type + "' to " + command);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing only
            }
        }
    }
}
