package org.trainex.computemarket.domain.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An {@link OrderBook} behind an append-only journal of the commands applied to it, for audit and replay: "the nodes
 * (validators) collectively run a decentralized matching engine" (DKLabs, seed 002, Section 7.2 item 2), so anyone
 * holding the journal must be able to re-run the matching and obtain the same matches.
 *
 * <p>The journal starts from an empty book. Each command that the book applies is appended, in order: {@link AddBid}
 * (the bid as submitted, sequence 0, and its {@code now}), {@link CancelBid}, {@link Expire} and {@link MatchOrder}
 * (the order and its {@code now}; a failed match is recorded too, since its result is part of the record). A
 * command the book rejects with an {@link IllegalArgumentException} changed nothing and is not recorded.
 * {@link #replay(List)} applies the commands to a fresh book and returns the match results, which equal the
 * recorded ones ({@code equals} of records) because the book is deterministic.
 *
 * <p>Not thread-safe, like the book: the caller serializes calls.
 */
public final class MatchingJournal {

    /** A command applied to an order book, as recorded in the journal. */
    public sealed interface Command permits AddBid, CancelBid, Expire, MatchOrder {
    }

    /**
     * {@link OrderBook#add(Bid, Instant)}: the bid as submitted (sequence 0) at {@code now}.
     *
     * <p>Errors: the constructor throws {@link IllegalArgumentException} naming a null field.
     */
    public record AddBid(Bid bid, Instant now) implements Command {
        /** @throws IllegalArgumentException naming a null field */
        public AddBid {
            Checks.notNull("AddBid.bid", bid);
            Checks.notNull("AddBid.now", now);
        }
    }

    /**
     * {@link OrderBook#cancel(UUID)} of a bid id (recorded whether or not the bid was in the book).
     *
     * <p>Errors: the constructor throws {@link IllegalArgumentException} naming a null field.
     */
    public record CancelBid(UUID bidId) implements Command {
        /** @throws IllegalArgumentException naming a null field */
        public CancelBid {
            Checks.notNull("CancelBid.bidId", bidId);
        }
    }

    /**
     * {@link OrderBook#expire(Instant)} at {@code now}.
     *
     * <p>Errors: the constructor throws {@link IllegalArgumentException} naming a null field.
     */
    public record Expire(Instant now) implements Command {
        /** @throws IllegalArgumentException naming a null field */
        public Expire {
            Checks.notNull("Expire.now", now);
        }
    }

    /**
     * {@link OrderBook#match(OrderRequest, Instant)} of an order at {@code now}.
     *
     * <p>Errors: the constructor throws {@link IllegalArgumentException} naming a null field.
     */
    public record MatchOrder(OrderRequest order, Instant now) implements Command {
        /** @throws IllegalArgumentException naming a null field */
        public MatchOrder {
            Checks.notNull("MatchOrder.order", order);
            Checks.notNull("MatchOrder.now", now);
        }
    }

    private final OrderBook book = new OrderBook();
    private final List<Command> commands = new ArrayList<>();
    private final List<MatchResult> results = new ArrayList<>();

    /** A journal over a new, empty book. */
    public MatchingJournal() {
    }

    /**
     * Adds a bid to the book ({@link OrderBook#add(Bid, Instant)}) and records {@link AddBid}.
     *
     * @return the bid with the sequence the book assigned
     * @throws IllegalArgumentException as {@link OrderBook#add(Bid, Instant)}; nothing is recorded
     */
    public Bid add(Bid bid, Instant now) {
        Bid added = book.add(bid, now);
        commands.add(new AddBid(bid, now));
        return added;
    }

    /**
     * Cancels a bid ({@link OrderBook#cancel(UUID)}) and records {@link CancelBid}.
     *
     * @return whether the bid was in the book
     * @throws IllegalArgumentException if {@code bidId} is null; nothing is recorded
     */
    public boolean cancel(UUID bidId) {
        boolean removed = book.cancel(bidId);
        commands.add(new CancelBid(bidId));
        return removed;
    }

    /**
     * Removes expired bids ({@link OrderBook#expire(Instant)}) and records {@link Expire}.
     *
     * @return the bids removed
     * @throws IllegalArgumentException as {@link OrderBook#expire(Instant)}; nothing is recorded
     */
    public List<Bid> expire(Instant now) {
        List<Bid> expired = book.expire(now);
        commands.add(new Expire(now));
        return expired;
    }

    /**
     * Matches an order ({@link OrderBook#match(OrderRequest, Instant)}) and records {@link MatchOrder} and the
     * result.
     *
     * @return the match or the reason there is none
     * @throws IllegalArgumentException as {@link OrderBook#match(OrderRequest, Instant)}; nothing is recorded
     */
    public MatchResult match(OrderRequest order, Instant now) {
        MatchResult result = book.match(order, now);
        commands.add(new MatchOrder(order, now));
        results.add(result);
        return result;
    }

    /** A quote: what matching {@code order} would give now; changes nothing and is not journaled. */
    public MatchResult quote(OrderRequest order, Instant now) {
        return book.quote(order, now);
    }

    /** The commands applied so far, in order (an unmodifiable copy). */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The results of the {@link MatchOrder} commands so far, in order (an unmodifiable copy). */
    public List<MatchResult> matchResults() {
        return List.copyOf(results);
    }

    /** {@link OrderBook#remainingCapacity(UUID)} of the journal's book. */
    public OptionalLong remainingCapacity(UUID bidId) {
        return book.remainingCapacity(bidId);
    }

    /** {@link OrderBook#size()} of the journal's book. */
    public int size() {
        return book.size();
    }

    /** {@link OrderBook#restingBids()} of the journal's book. */
    public List<RestingBid> restingBids() {
        return book.restingBids();
    }

    /**
     * Applies {@code commands} in order to a fresh, empty book and returns the results of its {@link MatchOrder}
     * commands, in order. For a journal's own commands they equal {@link #matchResults()}.
     *
     * @throws IllegalArgumentException if {@code commands} or one of them is null, or the book rejects a command
     *     (a journal that was not produced by applying its commands in order); the message gives the command's
     *     index
     */
    public static List<MatchResult> replay(List<Command> commands) {
        return replayInto(new OrderBook(), commands);
    }

    /**
     * Like {@link #replay(List)}, and also returns the book the commands rebuilt, to compare its state.
     *
     * @throws IllegalArgumentException as {@link #replay(List)}
     */
    public static Replayed replayBook(List<Command> commands) {
        OrderBook book = new OrderBook();
        List<MatchResult> results = replayInto(book, commands);
        return new Replayed(book, results);
    }

    /**
     * The outcome of {@link #replayBook(List)}: the rebuilt book and the match results, in order.
     *
     * <p>Errors: the constructor throws {@link IllegalArgumentException} naming a null field.
     */
    public record Replayed(OrderBook book, List<MatchResult> results) {
        /** @throws IllegalArgumentException naming a null field */
        public Replayed {
            Checks.notNull("Replayed.book", book);
            results = List.copyOf(Checks.notNull("Replayed.results", results));
        }
    }

    private static List<MatchResult> replayInto(OrderBook book, List<Command> commands) {
        Checks.notNull("commands", commands);
        List<MatchResult> results = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Command command = commands.get(i);
            try {
                if (command instanceof AddBid add) {
                    book.add(add.bid(), add.now());
                } else if (command instanceof CancelBid cancel) {
                    book.cancel(cancel.bidId());
                } else if (command instanceof Expire expire) {
                    book.expire(expire.now());
                } else if (command instanceof MatchOrder match) {
                    results.add(book.match(match.order(), match.now()));
                } else {
                    throw new IllegalArgumentException("command must not be null");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("commands[" + i + "] (" + command + ") failed on replay: "
                        + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableList(results);
    }
}
