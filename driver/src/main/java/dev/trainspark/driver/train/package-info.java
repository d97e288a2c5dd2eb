/**
 * Training orchestration on the driver: preparing the sharded, decoded training set and the
 * evaluation set, running parameter-averaging rounds, and the whole {@code train} command.
 */
package dev.trainspark.driver.train;
