/**
 * Hard-example selection in the worker's minibatch loop: a pool of candidate rows is forwarded in
 * inference mode, each gets its training loss, and a {@link dev.trainspark.workers.select.BatchSelector}
 * picks the rows the backward pass is run on (OHEM, stratified OHEM, selective backprop). Also the
 * mergeable loss histogram the workers combine into a global loss threshold.
 */
package dev.trainspark.workers.select;
