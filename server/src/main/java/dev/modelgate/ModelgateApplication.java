package dev.modelgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Modelgate: workspaces bring their own Amazon Bedrock models to the agent platform. */
@SpringBootApplication
public class ModelgateApplication {

    public static void main(String[] args) {
        SpringApplication.run(ModelgateApplication.class, args);
    }
}
