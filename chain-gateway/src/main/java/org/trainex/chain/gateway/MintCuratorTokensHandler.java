package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.CuratorToken;
import org.trainex.datamarket.api.CurationChain;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Grants curator tokens ({@value CurationChain#MINT_CURATOR_TOKENS_KIND}) with {@code CuratorToken.mint(holder,
 * amount)}; the token delegates a holder that has no delegate yet to itself, so the tokens vote from the next block
 * on (DataBright, seed 000, Section 2: curators hold tokens to vote on data proposals).
 *
 * <p>Payload: {@code {"grantId": uuid, "holder": address (EIP-55 checksummed, or all lower/upper case),
 * "amount": "decimal CuratorToken base units (18 decimals), > 0"}}. A missing or malformed field, or a zero amount,
 * fails the request before anything is sent ({@link IllegalArgumentException}).
 *
 * <p>On confirmation it requires the token's {@code Transfer(0x0, holder, amount)} event in the receipt (else
 * {@link IllegalStateException}: the request stays unconfirmed) and calls
 * {@link CurationChain#curatorTokensMinted(UUID, String, long)}; the outbox row records {@code {"event": "Transfer",
 * "holder", "amount", "selfDelegated", "gasUsed"}}.
 */
public class MintCuratorTokensHandler implements RequestHandler {
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    private final ContractBook contracts;
    private final CurationChain curation;

    public MintCuratorTokensHandler(ContractBook contracts, CurationChain curation) {
        this.contracts = contracts;
        this.curation = curation;
    }

    @Override
    public String kind() {
        return CurationChain.MINT_CURATOR_TOKENS_KIND;
    }

    /** The grant, checked. */
    record Grant(UUID grantId, String holder, BigInteger amount) {
        static Grant of(ChainOutbox.Request request) {
            JsonNode p = Payloads.parse(request.payload());
            BigInteger amount = Payloads.uint256(p, "amount");
            if (amount.signum() == 0) {
                throw new IllegalArgumentException("\"amount\" must be positive");
            }
            return new Grant(Payloads.uuid(p, "grantId"), Payloads.address(p, "holder"), amount);
        }
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Grant g = Grant.of(request);
        Function f = new Function(CuratorToken.FUNC_MINT, List.of(new Address(g.holder()), new Uint256(g.amount())),
                List.of());
        return new Call(contracts.address(ContractBook.CURATOR_TOKEN), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Grant g = Grant.of(request);
        String token = contracts.address(ContractBook.CURATOR_TOKEN);
        boolean minted = CuratorToken.getTransferEvents(receipt).stream()
                .anyMatch(e -> Payloads.emittedBy(e.log, token) && ZERO_ADDRESS.equalsIgnoreCase(e.from)
                        && g.holder().equalsIgnoreCase(e.to) && g.amount().equals(e.value));
        if (!minted) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no Transfer(0x0, "
                    + g.holder() + ", " + g.amount() + ") event of the CuratorToken at " + token);
        }
        boolean delegated = CuratorToken.getDelegateChangedEvents(receipt).stream()
                .anyMatch(e -> Payloads.emittedBy(e.log, token) && g.holder().equalsIgnoreCase(e.delegator));
        curation.curatorTokensMinted(g.grantId(), receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact());
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "Transfer").put("holder", g.holder())
                .put("amount", g.amount().toString()).put("selfDelegated", delegated)
                .put("gasUsed", receipt.getGasUsed().toString()));
    }
}
