// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title CurationVoting: the public record of curators' yes/no tallies on data proposals
/// @notice Curators vote off chain (signed ballots collected by the exchange); when a proposal's vote closes, the
///         exchange (owner) records its final tally here once: the snapshot block, the yes and no weights, whether
///         the proposal was accepted, and the Merkle root of every ballot. A ballot is one weight source: the
///         `holder` whose voting power counted (a curator that voted, or the delegate, e.g. an oracle account,
///         that cast the power delegated to it), its `support`, and its `weight`. Anyone can audit a ballot with
///         `verifyBallot`: it holds iff the ballot is in the recorded root AND its weight equals
///         `CuratorToken.getPastVotes(holder, snapshotBlock)`, the voting power checkpointed for the holder at the
///         END of the snapshot block. Tokens moved after the snapshot carry no weight for the receiver (its past
///         votes stay 0), so "vote, transfer, vote again" cannot produce a second valid ballot.
///         Whether a proposal is accepted (threshold, quorum) is decided by the exchange; this contract records
///         it and makes the weights checkable.
/// @dev Source: shared/seeds/000_d546d6f52486116e.txt (DataBright), section 2 "Decentralized ownership of
///      data": "Data curators holding computational tokens are allowed to see and vote on data proposals ...
///      If a data proposal reaches a vote threshold it gets accepted". DataBright's prototype reads live
///      token balances at tally time; here weights are checkpoints (ERC-5805) at a fixed past block, and the
///      ballots are batched into one Merkle root so that recording a tally costs the same for 3 or 3,000 ballots
///      (DESIGN.md, "The chain is the public record").
///      Ballot leaves are OpenZeppelin StandardMerkleTree leaves with types [address, bool, uint256]:
///      keccak256(bytes.concat(keccak256(abi.encode(holder, support, weight)))); inner nodes hash sorted pairs
///      (`MerkleProof.verify`). A tally without ballots has ballotsRoot == bytes32(0), under which nothing verifies.
///      Units: snapshotBlock is a block number (the token's ERC-6372 clock); weights and tallies are CuratorToken
///      base units (18 decimals); recordedAt is unix seconds (block.timestamp).
contract CurationVoting is Ownable {
    struct Tally {
        uint48 snapshotBlock; // block number whose end state gives the weights
        uint64 recordedAt; // unix seconds of the recording block
        bool accepted;
        bool exists;
        uint256 yesVotes; // token base units
        uint256 noVotes; // token base units
        bytes32 ballotsRoot; // Merkle root of the ballots, bytes32(0) if none
    }

    /// @notice The checkpointed voting token (CuratorToken).
    IVotes public immutable token;

    mapping(bytes32 proposalId => Tally) private _tallies;

    /// @notice The final tally of `proposalId` (a Trainex data proposal id as bytes32) was recorded.
    event TallyRecorded(
        bytes32 indexed proposalId,
        uint48 snapshotBlock,
        uint256 yesVotes,
        uint256 noVotes,
        bool accepted,
        bytes32 ballotsRoot
    );

    error TallyExists(bytes32 proposalId);
    error UnknownTally(bytes32 proposalId);
    error SnapshotNotPast(uint48 snapshotBlock, uint48 currentBlock);

    /// @param votingToken the CuratorToken (any ERC-5805 token with a block-number clock)
    /// @param initialOwner the exchange's gateway account, which records tallies
    constructor(IVotes votingToken, address initialOwner) Ownable(initialOwner) {
        token = votingToken;
    }

    /// @notice Records the final tally of `proposalId` (owner only, once per proposal).
    /// @param snapshotBlock block number at whose end the weights were read; must be before the token's current
    ///        clock (a mined block), else reverts `SnapshotNotPast`
    /// @param yesVotes token base units that voted yes
    /// @param noVotes token base units that voted no
    /// @param accepted whether the exchange accepted the proposal
    /// @param ballotsRoot Merkle root of the ballots (see the contract's notes), bytes32(0) for none
    /// @dev A second call for the same proposal reverts `TallyExists(proposalId)`.
    function recordTally(
        bytes32 proposalId,
        uint48 snapshotBlock,
        uint256 yesVotes,
        uint256 noVotes,
        bool accepted,
        bytes32 ballotsRoot
    ) external onlyOwner {
        if (_tallies[proposalId].exists) revert TallyExists(proposalId);
        uint48 nowBlock = IERC6372(address(token)).clock();
        if (snapshotBlock >= nowBlock) revert SnapshotNotPast(snapshotBlock, nowBlock);
        _tallies[proposalId] =
            Tally(snapshotBlock, uint64(block.timestamp), accepted, true, yesVotes, noVotes, ballotsRoot);
        emit TallyRecorded(proposalId, snapshotBlock, yesVotes, noVotes, accepted, ballotsRoot);
    }

    /// @notice The recorded tally of `proposalId`; reverts `UnknownTally` if none was recorded.
    /// @return snapshotBlock block number of the weights
    /// @return yesVotes token base units voting yes
    /// @return noVotes token base units voting no
    /// @return accepted whether the proposal was accepted
    /// @return ballotsRoot Merkle root of the ballots (bytes32(0) if none)
    /// @return recordedAt unix seconds of the recording
    function tally(bytes32 proposalId)
        external
        view
        returns (
            uint48 snapshotBlock,
            uint256 yesVotes,
            uint256 noVotes,
            bool accepted,
            bytes32 ballotsRoot,
            uint64 recordedAt
        )
    {
        Tally storage t = _tallies[proposalId];
        if (!t.exists) revert UnknownTally(proposalId);
        return (t.snapshotBlock, t.yesVotes, t.noVotes, t.accepted, t.ballotsRoot, t.recordedAt);
    }

    /// @notice Whether a tally was recorded for `proposalId`.
    function hasTally(bytes32 proposalId) external view returns (bool) {
        return _tallies[proposalId].exists;
    }

    /// @notice Audits one ballot of `proposalId`: true iff the ballot (holder, support, weight) is a leaf under the
    ///         recorded ballots root (`proof` = sibling hashes from the leaf up) AND `weight` equals the holder's
    ///         checkpointed voting power at the snapshot block (`getPastVotes(holder, snapshotBlock)`, base units).
    ///         False for a proposal without a recorded tally or with no ballots.
    function verifyBallot(bytes32 proposalId, address holder, bool support, uint256 weight, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        Tally storage t = _tallies[proposalId];
        if (!t.exists || t.ballotsRoot == bytes32(0)) return false;
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(holder, support, weight))));
        if (!MerkleProof.verifyCalldata(proof, t.ballotsRoot, leaf)) return false;
        return weight == token.getPastVotes(holder, t.snapshotBlock);
    }
}
