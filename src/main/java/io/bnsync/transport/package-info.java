/**
 * A round's state between the driver and its tasks over the driver's own socket, one TCP connection per exchange,
 * instead of Spark's broadcast and task results: a {@link io.bnsync.transport.DriverEndpoint} on the driver; in the
 * task, {@link io.bnsync.transport.Pull#fetch} for the round's input and {@link io.bnsync.transport.Push#send} for
 * its result, after which the task returns only its small {@link io.bnsync.transport.TaskKey} to Spark. Spark's paths
 * fetch a broadcast piece by piece and copy a large result through object streams several times between task and
 * driver (docs/PERFORMANCE.md); these write the state once into the socket and read it once out of it, its float
 * arrays beside the object stream as raw bytes ({@link io.bnsync.transport.DetachedFloats}). A connection
 * proves it belongs to the run with a random secret that travels in the task closure (as Spark's own task data
 * does), the traffic is not encrypted, and both sides deserialize only this project's and the JDK's classes.
 * Imports nothing of the project.
 */
package io.bnsync.transport;
