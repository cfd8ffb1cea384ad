// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title CurationVoting: curators' yes/no votes on data proposals, weighted at a snapshot block
/// @notice The exchange (owner) opens a vote per data proposal with a snapshot block and an end time. Each
///         address votes once per proposal; its weight is `CuratorToken.getPastVotes(voter, snapshotBlock)`,
///         i.e. the voting power delegated to it at the END of the snapshot block. Tokens moved after the
///         snapshot carry no weight for the receiver, so "vote, transfer, vote again" gives the second voter
///         weight 0 and is rejected (`NoVotingPower`). Whether a proposal is accepted (threshold, quorum) is
///         decided by the exchange from `result`.
/// @dev Source: shared/seeds/000_d546d6f52486116e.txt (DataBright), section 2 "Decentralized ownership of
///      data": "Data curators holding computational tokens are allowed to see and vote on data proposals ...
///      If a data proposal reaches a vote threshold it gets accepted". DataBright's prototype reads live
///      token balances at tally time; this contract reads checkpoints (ERC-5805) at a fixed past block.
///      Units: snapshotBlock is a block number (the token's ERC-6372 clock); votingEnds is a unix time in
///      seconds (block.timestamp); weights are CuratorToken base units.
contract CurationVoting is Ownable {
    struct Proposal {
        uint48 snapshotBlock; // block number whose end state gives the weights
        uint64 votingEnds; // unix seconds; votes are accepted while block.timestamp < votingEnds
        bool exists;
        uint256 yesVotes; // token base units
        uint256 noVotes; // token base units
    }

    /// @notice The checkpointed voting token (CuratorToken).
    IVotes public immutable token;

    mapping(bytes32 proposalId => Proposal) private _proposals;
    mapping(bytes32 proposalId => mapping(address voter => bool)) private _voted;

    /// @notice A vote was opened for `proposalId` (a Trainex data proposal id).
    event ProposalOpened(bytes32 indexed proposalId, uint48 snapshotBlock, uint64 votingEnds);
    /// @notice `voter` voted `support` with `weight` token base units.
    event VoteCast(bytes32 indexed proposalId, address indexed voter, bool support, uint256 weight);

    error ProposalExists(bytes32 proposalId);
    error UnknownProposal(bytes32 proposalId);
    error VotingEndsInPast(uint64 votingEnds, uint256 nowSeconds);
    error SnapshotNotReached(uint48 snapshotBlock, uint48 currentBlock);
    error VotingClosed(bytes32 proposalId, uint64 votingEnds);
    error AlreadyVoted(bytes32 proposalId, address voter);
    error NoVotingPower(bytes32 proposalId, address voter, uint48 snapshotBlock);

    /// @param votingToken the CuratorToken (any ERC-5805 token with a block-number clock)
    /// @param initialOwner the exchange's gateway account, which opens proposals
    constructor(IVotes votingToken, address initialOwner) Ownable(initialOwner) {
        token = votingToken;
    }

    /// @notice Opens the vote on `proposalId` (owner only).
    /// @param snapshotBlock block number at whose end the weights are read; may lie in the future, then votes
    ///        are accepted only from the next block on
    /// @param votingEnds unix time in seconds after which no vote is accepted; must be in the future
    function openProposal(bytes32 proposalId, uint48 snapshotBlock, uint64 votingEnds) external onlyOwner {
        if (_proposals[proposalId].exists) revert ProposalExists(proposalId);
        if (votingEnds <= block.timestamp) revert VotingEndsInPast(votingEnds, block.timestamp);
        _proposals[proposalId] = Proposal(snapshotBlock, votingEnds, true, 0, 0);
        emit ProposalOpened(proposalId, snapshotBlock, votingEnds);
    }

    /// @notice Casts the caller's vote, once per proposal, with its voting power at the snapshot block.
    /// @dev Reverts with NoVotingPower when that power is 0 (e.g. tokens received after the snapshot).
    function castVote(bytes32 proposalId, bool support) external returns (uint256 weight) {
        Proposal storage p = _proposals[proposalId];
        if (!p.exists) revert UnknownProposal(proposalId);
        if (block.timestamp >= p.votingEnds) revert VotingClosed(proposalId, p.votingEnds);
        uint48 nowBlock = IERC6372(address(token)).clock();
        if (nowBlock <= p.snapshotBlock) revert SnapshotNotReached(p.snapshotBlock, nowBlock);
        if (_voted[proposalId][msg.sender]) revert AlreadyVoted(proposalId, msg.sender);
        weight = token.getPastVotes(msg.sender, p.snapshotBlock);
        if (weight == 0) revert NoVotingPower(proposalId, msg.sender, p.snapshotBlock);
        _voted[proposalId][msg.sender] = true;
        if (support) {
            p.yesVotes += weight;
        } else {
            p.noVotes += weight;
        }
        emit VoteCast(proposalId, msg.sender, support, weight);
    }

    /// @notice Tallies of `proposalId`.
    /// @return yesVotes token base units voting yes
    /// @return noVotes token base units voting no
    /// @return snapshotBlock block number of the weights
    /// @return votingEnds unix seconds
    /// @return ended whether voting has ended (block.timestamp >= votingEnds), i.e. the tallies are final
    function result(bytes32 proposalId)
        external
        view
        returns (uint256 yesVotes, uint256 noVotes, uint48 snapshotBlock, uint64 votingEnds, bool ended)
    {
        Proposal storage p = _proposals[proposalId];
        if (!p.exists) revert UnknownProposal(proposalId);
        return (p.yesVotes, p.noVotes, p.snapshotBlock, p.votingEnds, block.timestamp >= p.votingEnds);
    }

    /// @notice Whether `voter` has voted on `proposalId`.
    function hasVoted(bytes32 proposalId, address voter) external view returns (bool) {
        return _voted[proposalId][voter];
    }
}
