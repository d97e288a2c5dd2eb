/**
 * The command line ({@code bin/trainspark <command>}, also the spark-submit main class): options
 * shared by every command, the commands, and the mapping of failures to exit codes.
 */
package dev.trainspark.driver.cli;
