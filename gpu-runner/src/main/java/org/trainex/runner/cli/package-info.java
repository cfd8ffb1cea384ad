/** Entry point of the runner process: options (command line and environment) and the main loop's life cycle. */
package org.trainex.runner.cli;
