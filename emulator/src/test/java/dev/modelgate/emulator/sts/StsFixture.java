package dev.modelgate.emulator.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.http.Reply;
import dev.modelgate.emulator.http.Request;
import dev.modelgate.emulator.iam.CredentialStore;
import dev.modelgate.emulator.iam.MutableClock;
import dev.modelgate.emulator.iam.Principal;
import dev.modelgate.emulator.iam.World;
import dev.modelgate.emulator.iam.WorldLoader;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** An STS service over a world with a fixed clock, and helpers to call it and read its XML. */
final class StsFixture {

    static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final Instant NOW = Instant.parse("2026-11-24T18:09:18Z");
    static final String PLATFORM_KEY = "AKIAMODELGATEPLATFRM";
    static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    static final String EXTERNAL_ID = "mg-demo-workspace-external-id";

    final World world;
    final MutableClock clock = new MutableClock(NOW);
    final CredentialStore credentials;
    final StsService sts;

    StsFixture(World world) {
        this.world = world;
        this.credentials = new CredentialStore(world, clock);
        this.sts = new StsService(credentials, clock);
    }

    StsFixture() {
        this(WorldLoader.defaultWorld());
    }

    Principal caller(String accessKeyId) {
        return credentials.resolve(accessKeyId).orElseThrow().principal();
    }

    Principal platform() {
        return caller(PLATFORM_KEY);
    }

    /** POSTs a form body of name/value pairs (values are encoded here). */
    Reply call(Principal caller, String... namesAndValues) {
        return sts.handle(post(form(namesAndValues)), caller, "us-east-1");
    }

    Reply assumeRole(Principal caller, String... namesAndValues) {
        String[] all = new String[namesAndValues.length + 4];
        all[0] = "Action";
        all[1] = "AssumeRole";
        all[2] = "Version";
        all[3] = "2011-06-15";
        System.arraycopy(namesAndValues, 0, all, 4, namesAndValues.length);
        return call(caller, all);
    }

    /** The platform user assumes the tenant's demo role with the right External ID. */
    Reply assumeDemoRole(String... extra) {
        String[] all = new String[extra.length + 6];
        all[0] = "RoleArn";
        all[1] = TENANT_ROLE;
        all[2] = "RoleSessionName";
        all[3] = "gw-tenant-42";
        all[4] = "ExternalId";
        all[5] = EXTERNAL_ID;
        System.arraycopy(extra, 0, all, 6, extra.length);
        return assumeRole(platform(), all);
    }

    static String form(String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    static Request post(String body) {
        return request("POST", "", "application/x-www-form-urlencoded; charset=utf-8", body);
    }

    static Request request(String method, String query, String contentType, String body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("sts.us-east-1.amazonaws.com"));
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
        }
        return new Request(method, "/", query, headers, body.getBytes(StandardCharsets.UTF_8), "req-0001");
    }

    static String body(Reply reply) {
        return new String(((Reply.Full) reply).body(), StandardCharsets.UTF_8);
    }

    /** Parses the reply's XML with the JDK's namespace-aware DOM parser. */
    static Document xml(Reply reply) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(((Reply.Full) reply).body()));
        } catch (Exception e) {
            throw new AssertionError("reply is not well-formed XML: " + body(reply), e);
        }
    }

    /** The text of the element at a path of local names below the root, all in STS's namespace. */
    static String text(Document document, String... path) {
        return element(document, path).getTextContent();
    }

    static Element element(Document document, String... path) {
        Element current = document.getDocumentElement();
        for (String name : path) {
            Element next = null;
            for (Node child = current.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element e && name.equals(e.getLocalName())) {
                    assertThat(e.getNamespaceURI()).as("namespace of %s", name).isEqualTo(current.getNamespaceURI());
                    next = e;
                    break;
                }
            }
            if (next == null) {
                throw new AssertionError("no element " + name + " below " + current.getLocalName());
            }
            current = next;
        }
        return current;
    }

    static boolean has(Document document, String... path) {
        try {
            element(document, path);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Asserts an STS error reply: status, envelope in STS's namespace, code and message. */
    static void assertError(Reply reply, int status, String code, String message) {
        assertThat(reply.status()).as("status of %s", body(reply)).isEqualTo(status);
        assertThat(reply.headers()).containsEntry("Content-Type", "text/xml").containsEntry("x-amzn-RequestId", "req-0001");
        Document xml = xml(reply);
        assertThat(xml.getDocumentElement().getLocalName()).isEqualTo("ErrorResponse");
        assertThat(text(xml, "Error", "Type")).isEqualTo("Sender");
        assertThat(text(xml, "Error", "Code")).isEqualTo(code);
        assertThat(text(xml, "Error", "Message")).isEqualTo(message);
        assertThat(text(xml, "RequestId")).isEqualTo("req-0001");
    }
}
