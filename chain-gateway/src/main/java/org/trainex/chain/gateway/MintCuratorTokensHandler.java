package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.trainex.chain.contracts.CuratorToken;
import org.trainex.datamarket.api.ChainRecordEvents.CuratorTokensMinted;
import org.trainex.shared.api.ChainCommand.MintCuratorTokens;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.trainex.shared.api.WalletAddress;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Grants curator tokens ({@link MintCuratorTokens}) with {@code CuratorToken.mint(holder, amount)}; the token
 * delegates a holder that has no delegate yet to itself, so the tokens vote from the next block on (DataBright, seed
 * 000, Section 2: curators hold tokens to vote on data proposals).
 *
 * <p>On confirmation it requires the token's {@code Transfer(0x0, holder, amount)} event in the receipt (else
 * {@link IllegalStateException}: the request stays unconfirmed) and publishes {@link CuratorTokensMinted}; the outbox
 * row records {@code {"event": "Transfer", "holder", "amount", "selfDelegated", "gasUsed"}}.
 */
public class MintCuratorTokensHandler
        extends CallExpectingEvent<MintCuratorTokens, CuratorToken.TransferEventResponse> {
    public MintCuratorTokensHandler(ContractBook contracts, DomainEvents events) {
        super(MintCuratorTokens.class, contracts, ContractBook.CURATOR_TOKEN, events);
    }

    @Override
    Function function(MintCuratorTokens g) {
        return new Function(CuratorToken.FUNC_MINT, List.of(new Address(g.holder().value()),
                new Uint256(g.amount())), List.of());
    }

    @Override
    List<CuratorToken.TransferEventResponse> events(TransactionReceipt receipt) {
        return CuratorToken.getTransferEvents(receipt);
    }

    @Override
    boolean confirms(MintCuratorTokens g, CuratorToken.TransferEventResponse e) {
        return WalletAddress.ZERO.equalsIgnoreCase(e.from) && g.holder().value().equalsIgnoreCase(e.to)
                && g.amount().equals(e.value);
    }

    @Override
    String expected(MintCuratorTokens g) {
        return "Transfer(0x0, " + g.holder() + ", " + g.amount() + ") event";
    }

    @Override
    ObjectNode confirmed(UUID requestId, MintCuratorTokens g, CuratorToken.TransferEventResponse e,
                         TransactionReceipt receipt) {
        events.publish(new CuratorTokensMinted(DomainEvent.idOf("CuratorTokensMinted", requestId), g.grantId(),
                Payloads.receipt(receipt)));
        String token = contracts.address(ContractBook.CURATOR_TOKEN);
        boolean delegated = CuratorToken.getDelegateChangedEvents(receipt).stream()
                .anyMatch(d -> Payloads.emittedBy(d.log, token) && g.holder().value().equalsIgnoreCase(d.delegator));
        return Payloads.result("Transfer").put("holder", g.holder().value()).put("amount", g.amount().toString())
                .put("selfDelegated", delegated);
    }
}
