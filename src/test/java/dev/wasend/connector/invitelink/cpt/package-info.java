/**
 * How a process test of your own runs this connector on Camunda Process Test (CPT), the successor
 * of Zeebe Process Test (deprecated in 8.8, removed in 8.10). The README shows this code.
 *
 * <p><b>Compiled by this build, never run by it</b>: CPT starts Camunda in Docker (Testcontainers)
 * or connects to a running cluster such as Camunda 8 Run, and the build machines have neither. The
 * class names do not match the test runners' patterns ({@code *Test}, {@code *IT}) on purpose. Run
 * one from your IDE where Docker is available.
 *
 * <ul>
 *   <li>{@link dev.wasend.connector.invitelink.cpt.ConnectorsContainerExample}: CPT's connectors
 *       container from an image with the jar in {@code /opt/custom}, the API key as its secret.
 *   <li>{@link dev.wasend.connector.invitelink.cpt.InProcessConnectorExample}: the connector as a
 *       job worker in the test's own JVM, talking to the Wasend simulator on loopback; works with
 *       CPT's containers and with a remote runtime alike.
 * </ul>
 */
package dev.wasend.connector.invitelink.cpt;
