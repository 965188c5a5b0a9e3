/**
 * Demo mode ({@code modelgate.demo.enabled=true}, what {@code ./modelgate demo} passes): Modelgate with the local
 * AWS emulator in its own process, so that a newcomer can connect a model and call it without an AWS account.
 *
 * <ul>
 *   <li>{@link dev.modelgate.demo.DemoEmulatorInitializer} starts the emulator on 127.0.0.1 before any bean is
 *       built and points {@code modelgate.aws.endpoint-override} at it: every STS and Bedrock client Modelgate
 *       builds goes there. The emulator stops with the context.</li>
 *   <li>{@code DemoConfiguration} gives Modelgate the emulator's platform user as its own AWS credentials (an
 *       {@code AwsCredentialsProvider} bean that {@code PlatformConfiguration} prefers to the SDK's default chain),
 *       and makes the emulator's tenant roles trust the workspace's External ID, as a tenant pasting the trust
 *       policy Modelgate shows would ({@code DemoTenantRoles}).</li>
 *   <li>{@code DemoBanner} says what to paste and what to try once the server is up.</li>
 * </ul>
 *
 * Without the property nothing here runs: no emulator, no port, no demo bean, no fake credentials.
 */
package dev.modelgate.demo;
