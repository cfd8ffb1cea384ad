package org.trainex.chain.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.shared.api.ChainReceipt;
import org.trainex.shared.api.WalletAddress;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Small conversions the handlers share: command values to ABI types, receipts to {@link ChainReceipt}, and the
 * JSON recorded on a confirmed outbox row. Commands arrive checked ({@link org.trainex.shared.api.ChainCommand}), so
 * nothing here validates input.
 */
final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    /** A {@code 0x} + 64 hex key as a Solidity {@code bytes32}. */
    static Bytes32 bytes32(String hex) {
        return new Bytes32(MerkleTree.fromHex(hex));
    }

    /** A {@code 0x} + 64 hex key as its 32 bytes. */
    static byte[] bytes(String hex) {
        return MerkleTree.fromHex(hex);
    }

    /** Wallets as ABI addresses. */
    static List<Address> addresses(List<WalletAddress> wallets) {
        return wallets.stream().map(w -> new Address(w.value())).toList();
    }

    /** The transaction and block of a mined receipt. */
    static ChainReceipt receipt(TransactionReceipt receipt) {
        return new ChainReceipt(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
    }

    /** Whether {@code log} was emitted by the contract at {@code address}. */
    static boolean emittedBy(Log log, String address) {
        return log != null && log.getAddress() != null && log.getAddress().equalsIgnoreCase(address);
    }

    /** A fresh JSON object for an outbox row's result. */
    static ObjectNode result(String event) {
        return JSON.createObjectNode().put("event", event);
    }

    static String write(ObjectNode result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
