/**
 * Who may call Modelgate and what they may do: console accounts (platform operators, and workspace admins and
 * developers), API keys per workspace, and the {@link dev.modelgate.access.Caller} every request acts as. Passwords
 * are kept only as Argon2id hashes and key secrets only as SHA-256 hashes; neither is ever logged or answered.
 */
package dev.modelgate.access;
