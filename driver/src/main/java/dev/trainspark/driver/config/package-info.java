/**
 * The run configuration: YAML read into immutable records that validate in their compact
 * constructors, with {@code --set a.b=c} overrides applied to the YAML tree before it is read.
 */
package dev.trainspark.driver.config;
