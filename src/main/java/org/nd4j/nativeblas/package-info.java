/**
 * Compatibility shim only: restores the class name DL4J's oneDNN helper check looks up.
 * See {@link org.nd4j.nativeblas.Nd4jCpu}.
 */
package org.nd4j.nativeblas;
