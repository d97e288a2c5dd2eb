/** How the project's objects cross Spark's serializers, whichever the cluster chose. */
package dev.trainspark.workers.serial;
