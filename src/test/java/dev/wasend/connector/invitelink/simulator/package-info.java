/**
 * A fake Wasend service for tests: {@link
 * dev.wasend.connector.invitelink.simulator.WasendSimulator} serves the "revoke group invite link"
 * routes in-process on 127.0.0.1, keeps real invite-code state, and can misbehave on demand ({@link
 * dev.wasend.connector.invitelink.simulator.Fault}, rate limits, alternative success bodies) so a
 * test can show how the code under test copes with each case.
 *
 * <p>Only the JDK is needed ({@code com.sun.net.httpserver} from the {@code jdk.httpserver}
 * module).
 */
package dev.wasend.connector.invitelink.simulator;
