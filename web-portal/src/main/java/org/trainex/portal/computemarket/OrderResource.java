package org.trainex.portal.computemarket;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.trainex.computemarket.api.BillView;
import org.trainex.computemarket.api.OrderView;
import org.trainex.computemarket.api.PlaceOrderCommand;
import org.trainex.computemarket.api.TrainingOrders;
import org.trainex.portal.shared.Roles;

/**
 * {@code /api/orders}: consumers place training orders; the answer (201) names the job that executes the order.
 * Body ({@link PlaceOrderCommand}): {@code {"trainDatasetId", "testDatasetId", "modelName"?, "modelConfig"? (DL4J
 * JSON), "epochs"?, "batchSize"?, "seed"?}}; a priced order adds {@code "minCapacitySamplesPerSecond",
 * "maxDurationSeconds", "maxPriceWei" (decimal wei), "consumerWallet", "regions"?, "verificationTier"?,
 * "trainDatasetIds"? (further training datasets, e.g. several registry entries), "rounds"? (FedAvg rounds, default
 * 3)}. {@code GET /api/orders/{id}/match} is the match, {@code GET /api/orders/{id}/bill} the itemised bill.
 *
 * <p>Per-owner access (issue 11 item 7): an order, its match and its bill are readable by the order's consumer,
 * the providers in its match and admins; anyone else gets 404 (as if it did not exist, so ids do not leak), and
 * {@code GET /api/orders} lists only the caller's readable orders. Every order is priced ({@code maxPriceWei},
 * {@code minCapacitySamplesPerSecond}, {@code maxDurationSeconds}; 400 without): one life cycle of matching, escrow,
 * FedAvg rounds, verification and settlement (issue 12 item 4).
 */
@Path("/orders")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {
    @Inject
    TrainingOrders orders;
    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CONSUMER, Roles.ADMIN})
    public Response place(PlaceOrderCommand command) {
        OrderView o = orders.place(command, Callers.of(security));
        return Response.created(URI.create("orders/" + o.id())).entity(o).build();
    }

    @GET
    @RolesAllowed({Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN})
    public List<OrderView> list() {
        return orders.list(Callers.of(security));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN})
    public OrderView get(@PathParam("id") UUID id) {
        return orders.get(id, Callers.of(security));
    }

    /**
     * A live price estimate from the order book for a whole priced order: {@code GET /api/orders/quote?
     * trainDatasetId=..&trainDatasetId=..&epochs=..&rounds=..&minCapacitySamplesPerSecond=..&maxDurationSeconds=..
     * &region=..} (trainDatasetId and region repeatable; no region = any; epochs default 2, rounds default 3). The
     * answer gives the compute cost, the data fee and the least maximum price that matches now
     * ({@link org.trainex.computemarket.api.QuoteView}); 400 for missing or out-of-range conditions, 404 for an
     * unknown dataset.
     */
    @GET
    @Path("quote")
    @RolesAllowed({Roles.CONSUMER, Roles.ADMIN})
    public org.trainex.computemarket.api.QuoteView quote(
            @jakarta.ws.rs.QueryParam("trainDatasetId") List<UUID> train,
            @jakarta.ws.rs.QueryParam("epochs") Integer epochs,
            @jakarta.ws.rs.QueryParam("rounds") Integer rounds,
            @jakarta.ws.rs.QueryParam("minCapacitySamplesPerSecond") Long minCapacity,
            @jakarta.ws.rs.QueryParam("maxDurationSeconds") Long maxDuration,
            @jakarta.ws.rs.QueryParam("region") List<String> regions) {
        return orders.quote(train, epochs, rounds, minCapacity, maxDuration, regions);
    }

    /** The match of a priced order: fills with bids, runners, capacity, work share, price and cost. */
    @GET
    @Path("{id}/match")
    @RolesAllowed({Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN})
    public org.trainex.computemarket.api.MatchView match(@PathParam("id") UUID id) {
        return orders.match(id, Callers.of(security));
    }

    /**
     * The itemised bill of a priced order (issue 5 item 5): the escrow lock split into PROVIDER lines (accepted
     * sample-steps), DIVIDEND lines (data fee per registry entry) and the REFUND to the consumer, with totals in
     * decimal wei, whether they balance, the settlement state (NONE, CHALLENGE_PERIOD, RELEASING, RELEASED,
     * REFUNDED), the end of the challenge period and the release transaction. 404 if the order is unknown.
     */
    @GET
    @Path("{id}/bill")
    @RolesAllowed({Roles.CONSUMER, Roles.PROVIDER, Roles.VALIDATOR, Roles.ADMIN})
    public BillView bill(@PathParam("id") UUID id) {
        return orders.bill(id, Callers.of(security));
    }
}
