package dev.modelgate.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx as {@link ClusterRun}'s load balancer: one upstream of the instances, round robin, each taken out for
 * {@link #FAIL_TIMEOUT_SECONDS} after a failed connection; keep-alive connections to them; every answer names the
 * instance that gave it in {@value #UPSTREAM_HEADER}. Its configuration, logs and temporary files are in its own
 * folder; it listens on 127.0.0.1 only.
 */
final class ClusterNginx {

    /** The answer's header naming the upstream that answered ({@code 127.0.0.1:port}, the last one tried). */
    static final String UPSTREAM_HEADER = "X-Modelgate-Upstream";
    static final int FAIL_TIMEOUT_SECONDS = 5;

    private final Process process;
    private final int port;
    private final Path prefix;

    private ClusterNginx(Process process, int port, Path prefix) {
        this.process = process;
        this.port = port;
        this.prefix = prefix;
    }

    /** The configuration for {@code upstreamPorts} on 127.0.0.1, nginx listening on {@code port}. */
    static String configuration(Path prefix, int port, List<Integer> upstreamPorts) {
        String servers = upstreamPorts.stream()
                .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=" + FAIL_TIMEOUT_SECONDS + "s;")
                .collect(Collectors.joining("\n"));
        return """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                  log_format upstreams '$msec $status $upstream_addr $upstream_status $request_time "$request"';
                  access_log %1$s/logs/access.log upstreams;
                  client_body_temp_path %1$s/temp/client;
                  proxy_temp_path %1$s/temp/proxy;
                  fastcgi_temp_path %1$s/temp/fastcgi;
                  uwsgi_temp_path %1$s/temp/uwsgi;
                  scgi_temp_path %1$s/temp/scgi;
                  upstream modelgate {
                %2$s
                    keepalive 64;
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://modelgate;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_set_header X-Forwarded-Proto $scheme;
                      proxy_connect_timeout 2s;
                      proxy_read_timeout 120s;
                      proxy_next_upstream error timeout;
                      add_header %4$s $upstream_addr always;
                    }
                  }
                }
                """.formatted(prefix, servers, port, UPSTREAM_HEADER);
    }

    /** Writes the configuration into {@code prefix} and starts {@code nginx} on it; returns once it listens. */
    static ClusterNginx start(Path nginx, Path prefix, int port, List<Integer> upstreamPorts, PeersProcesses processes)
            throws IOException, InterruptedException {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, configuration(prefix, port, upstreamPorts));
        Process process = processes.start(List.of(nginx.toString(), "-p", prefix.toString(), "-e",
                prefix.resolve("logs/error.log").toString(), "-c", file.toString()), prefix, Map.of(),
                prefix.resolve("logs/stdout.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new ClusterNginx(process, port, prefix);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited with status " + process.exitValue() + ": "
                            + Files.readString(prefix.resolve("logs/stdout.log")).strip() + " "
                            + readIfThere(prefix.resolve("logs/error.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + " within 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path prefix() {
        return prefix;
    }

    /** Stops nginx (SIGTERM to it and its worker, then SIGKILL after 10 s). */
    void stop() {
        PeersProcesses.stop(process);
    }

    private static String readIfThere(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).strip() : "";
    }
}
