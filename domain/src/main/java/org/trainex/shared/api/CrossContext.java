package org.trainex.shared.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a published API interface (or one of its methods) that other bounded contexts may call directly: a query
 * without effects, or the governance identity API that every context uses to link wallets (issue 12 item 2).
 * Everything else a context wants from another it asks for with a {@link DomainEvent} (DESIGN.md convention 5);
 * {@code ModularityTest} enforces it. Adapters (portal, jobs, chain gateway) may call any published API.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CrossContext {
}
