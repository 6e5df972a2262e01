/**
 * Results pushed from tasks straight to the driver over one TCP connection each, instead of through Spark's task
 * results: a {@link io.bnsync.transport.DriverEndpoint} on the driver, {@link io.bnsync.transport.Push#send} in the task,
 * which then returns only the small {@link io.bnsync.transport.TaskKey} as its result. Spark's path copies a large
 * result through object streams several times between task and driver (docs/PERFORMANCE.md); this one writes it
 * once into the socket and reads it once out of it. A connection proves it belongs to the run with a random secret
 * that travels in the task closure (as Spark's own task data does), and the inbox deserializes only this project's
 * and the JDK's classes. Imports nothing of the project.
 */
package io.bnsync.transport;
