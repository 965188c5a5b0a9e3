package dev.modelgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Modelgate: workspaces bring their own Amazon Bedrock models to the agent platform. */
@SpringBootApplication
public class ModelgateApplication {

    /** Idle keep-alive connections the JDK keeps per host for the AWS clients, unless the operator set its own. */
    static final String KEEP_ALIVE_CONNECTIONS = "64";

    public static void main(String[] args) {
        // The SDK's URL-connection client pools through the JDK's keep-alive cache, which keeps 5 idle connections per
        // host by default: with more concurrent calls to one Bedrock endpoint, most calls would open a new connection
        // (and, against AWS, a new TLS session). Read once, when the JDK first connects: set before anything runs.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", KEEP_ALIVE_CONNECTIONS);
        }
        SpringApplication.run(ModelgateApplication.class, args);
    }
}
