package org.trainex.datamarket.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tally of a proposal's curation vote at the end of its voting period (DataBright, seed 000, Section 2: "If a
 * data proposal reaches a vote threshold it gets accepted"; curators "can also forward their voting rights ... to
 * an oracle ... that can vote in their stead"; issue 4 item 3). Pure: every weight comes in as an argument.
 *
 * <p>Rules, all weights in CuratorToken base units at the proposal's snapshot block:
 * <ol>
 *   <li>A curator who voted casts its own weight.</li>
 *   <li>A curator who did not vote and delegated to another curator adds its weight to that curator's choice if
 *       the delegate voted directly (one hop; no chains), and to the oracle's choice if it delegated to the oracle
 *       and the oracle voted yes or no. Otherwise its weight abstains.</li>
 *   <li>The contributor's own weight never counts on its own proposal, directly or through a delegate.</li>
 *   <li>Quorum: {@code (yes + no) * 10000 >= quorumBp * supply}; threshold: {@code yes * 10000 >= thresholdBp *
 *       (yes + no)}; no votes at all is a rejection. Integer arithmetic, no rounding.</li>
 * </ol>
 */
public final class CurationTally {
    /** The delegate value meaning "the oracle votes my weight". */
    public static final String ORACLE = "ORACLE";

    /** A curator's direct vote. */
    public record Vote(String wallet, boolean support, BigInteger weight) {
        public Vote {
            Objects.requireNonNull(wallet);
            if (weight.signum() <= 0) {
                throw new IllegalArgumentException("a vote needs positive weight");
            }
        }
    }

    /** A curator that delegated: its wallet, its weight at the snapshot, and its delegate (a wallet or ORACLE). */
    public record Delegation(String wallet, BigInteger weight, String delegate) {
    }

    /**
     * One weight source of the result, as anchored on chain: {@code holder}'s weight voted {@code support},
     * cast by the holder itself, its delegate's wallet, or {@link #ORACLE}.
     */
    public record Ballot(String holder, boolean support, BigInteger weight, String castBy) {
    }

    /**
     * The outcome.
     *
     * @param ballots  every weight source that counted, voters first, then delegators, each in input order
     * @param note     why, in words
     */
    public record Result(boolean accepted, BigInteger yes, BigInteger no, BigInteger supply, List<Ballot> ballots,
                         String note) {
    }

    private CurationTally() {
    }

    /**
     * Tallies a proposal.
     *
     * @param contributorWallet the proposal's contributor (its weight never counts)
     * @param votes             direct votes (at most one per wallet; the contributor's is refused earlier)
     * @param delegations       curators that delegated, with their snapshot weights
     * @param oracleVote        the oracle's choice: present yes/no, empty when it abstains
     * @param supply            CuratorToken total supply at the snapshot (quorum base)
     * @param thresholdBp       vote threshold in basis points of the votes cast, 1..10000
     * @param quorumBp          quorum in basis points of the supply, 0..10000
     */
    public static Result tally(String contributorWallet, List<Vote> votes, List<Delegation> delegations,
                               Optional<Boolean> oracleVote, BigInteger supply, int thresholdBp, int quorumBp) {
        Map<String, Boolean> direct = new LinkedHashMap<>();
        List<Ballot> ballots = new ArrayList<>();
        for (Vote v : votes) {
            String w = v.wallet().toLowerCase();
            if (w.equals(contributorWallet.toLowerCase()) || direct.containsKey(w)) {
                continue;
            }
            direct.put(w, v.support());
            ballots.add(new Ballot(v.wallet(), v.support(), v.weight(), v.wallet()));
        }
        for (Delegation d : delegations) {
            String w = d.wallet().toLowerCase();
            if (d.weight().signum() <= 0 || direct.containsKey(w) || w.equals(contributorWallet.toLowerCase())
                    || d.delegate() == null) {
                continue;
            }
            if (ORACLE.equals(d.delegate())) {
                oracleVote.ifPresent(s -> ballots.add(new Ballot(d.wallet(), s, d.weight(), ORACLE)));
            } else {
                Boolean s = direct.get(d.delegate().toLowerCase());
                if (s != null) {
                    ballots.add(new Ballot(d.wallet(), s, d.weight(), d.delegate()));
                }
            }
        }
        BigInteger yes = BigInteger.ZERO;
        BigInteger no = BigInteger.ZERO;
        for (Ballot b : ballots) {
            if (b.support()) {
                yes = yes.add(b.weight());
            } else {
                no = no.add(b.weight());
            }
        }
        BigInteger cast = yes.add(no);
        BigInteger bp = BigInteger.valueOf(10_000);
        boolean quorum = cast.multiply(bp).compareTo(BigInteger.valueOf(quorumBp).multiply(supply)) >= 0;
        boolean threshold = cast.signum() > 0
                && yes.multiply(bp).compareTo(BigInteger.valueOf(thresholdBp).multiply(cast)) >= 0;
        String note;
        if (cast.signum() == 0) {
            note = "rejected: no votes were cast";
        } else if (!quorum) {
            note = "rejected: quorum not reached (" + pct(cast, supply) + " of the supply voted, "
                    + quorumBp / 100.0 + " % needed)";
        } else if (!threshold) {
            note = "rejected: " + pct(yes, cast) + " yes, below the threshold of " + thresholdBp / 100.0 + " %";
        } else {
            note = "accepted: " + pct(yes, cast) + " yes (threshold " + thresholdBp / 100.0 + " %), "
                    + pct(cast, supply) + " of the supply voted (quorum " + quorumBp / 100.0 + " %)";
        }
        return new Result(cast.signum() > 0 && quorum && threshold, yes, no, supply,
                Collections.unmodifiableList(ballots), note);
    }

    private static String pct(BigInteger part, BigInteger whole) {
        if (whole.signum() == 0) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%.2f %%",
                new java.math.BigDecimal(part).multiply(java.math.BigDecimal.valueOf(100))
                        .divide(new java.math.BigDecimal(whole), 4, java.math.RoundingMode.HALF_EVEN).doubleValue());
    }
}
