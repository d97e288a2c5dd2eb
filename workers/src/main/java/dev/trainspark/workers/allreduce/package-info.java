/**
 * A ring allreduce over TCP between the tasks of a Spark barrier stage: each task opens a
 * {@link dev.trainspark.workers.allreduce.RingEndpoint}, the tasks exchange addresses through the
 * driver's {@link dev.trainspark.workers.allreduce.RingRendezvous}, join the ring (every connection
 * checked against the epoch's {@link dev.trainspark.workers.allreduce.RingSecret}), and sum (hence average) parameters and updater state among themselves
 * every round without the driver. Each rank sends about 2 (n-1)/n of the vector per call, so a
 * round's traffic per rank does not grow with the number of workers.
 */
package dev.trainspark.workers.allreduce;
