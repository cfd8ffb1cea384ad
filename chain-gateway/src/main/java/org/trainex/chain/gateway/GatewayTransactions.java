package org.trainex.chain.gateway;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Runs one gateway step in its own JTA transaction, so that a confirmation's domain change and the outbox row's
 * CONFIRMED state commit together, or neither does.
 */
@Stateless
@LocalBean
public class GatewayTransactions implements TransactionPipeline.TransactionRunner {
    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void inTransaction(Runnable work) {
        work.run();
    }
}
