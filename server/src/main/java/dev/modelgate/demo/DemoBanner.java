package dev.modelgate.demo;

import dev.modelgate.emulator.Emulator;
import dev.modelgate.workspace.Workspace;
import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Once the server is up, tells the newcomer where it is, what to paste, and what to try first: the last listener of
 * the ready event, so that nothing else at start prints after it ({@link DemoLogging} keeps the log quiet).
 */
final class DemoBanner implements ApplicationListener<ApplicationReadyEvent>, Ordered {

    /** The STS endpoint a model names; in the demo the emulator answers for it. */
    static final String STS_ENDPOINT = "https://sts.us-east-1.amazonaws.com";

    private final Emulator emulator;
    private final DemoAccounts accounts;
    private final PrintStream out;

    DemoBanner(Emulator emulator, DemoAccounts accounts, PrintStream out) {
        this.emulator = emulator;
        this.accounts = accounts;
        this.out = out;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        out.println(text(event.getApplicationContext().getEnvironment()));
    }

    String text(Environment environment) {
        String api = "http://" + environment.getProperty("server.address", "127.0.0.1") + ":"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        DemoAccounts.Demo demo = accounts.demo();
        Workspace workspace = demo.workspace();
        return """

                  Modelgate demo (no AWS account needed)
                    console         %1$s/
                      sign in as    %8$s / %9$s  (workspace admin of "%4$s")
                                 or %10$s / %11$s  (platform operator)
                    Modelgate API   %1$s/api/v1  (docs: %1$s/api/docs)
                      API key       %12$s  (admin of "%4$s"; a new one each start)
                    AWS emulator    %2$s, in this process: every STS and Bedrock call goes there
                    database        %3$s
                    workspace       "%4$s", External ID %5$s
                  To connect a model, use
                    role ARN        %6$s  (it trusts this workspace's External ID)
                    STS endpoint    %7$s  (the emulator answers for it)
                  Start with
                    export MODELGATE_KEY=%12$s
                    curl -s -H "Authorization: Bearer $MODELGATE_KEY" %1$s/api/v1/platform/identity
                    curl -s -H "Authorization: Bearer $MODELGATE_KEY" %1$s/api/v1/presets
                  The passwords and the key are new each start and shown only here.
                  Ctrl-C stops Modelgate and the emulator.
                """.formatted(api, emulator.endpoint(), database(environment), workspace.name(),
                workspace.externalId(), DemoWorld.TENANT_ROLE_ARN, STS_ENDPOINT, DemoAccounts.ADMIN,
                demo.adminPassword(), DemoAccounts.OPERATOR, demo.operatorPassword(), demo.token());
    }

    /** The JDBC URL without its options ({@code ;…} for H2, {@code ?…} for PostgreSQL), which may hold a password. */
    private static String database(Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        return url.replaceFirst("[;?].*", "");
    }
}
