// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title DataRegistry: the append-only public record of accepted training data
/// @notice The exchange's gateway (owner) anchors accepted registry entries in batches, one Merkle root per
///         batch. A leaf is the OpenZeppelin StandardMerkleTree leaf of the tuple
///         `(bytes32 requestId, bytes32 contentDigest, address contributor, uint64 sampleCount, uint256 shares)`:
///         `keccak256(bytes.concat(keccak256(abi.encode(requestId, contentDigest, contributor, sampleCount, shares))))`,
///         inner nodes hash sorted pairs (`MerkleProof.verify`). Anyone can check an entry with `verifyEntry`.
///         Nothing changes or removes an anchored root, and a root can be anchored only once (a retried
///         anchoring transaction reverts with `RootAlreadyAnchored(batchId)`, which makes retries idempotent).
/// @dev Source: shared/seeds/000_d546d6f52486116e.txt (DataBright), section 2 "Decentralized ownership of
///      data": accepted proposals are "stored as immutable entry into a data registry located on the chosen
///      blockchain. The computation market will use this registry to access datasets and channel payments to
///      the data contributors" (DataBright's "Database" contract). Batching into Merkle roots keeps the gas per
///      entry small (DESIGN.md, "The chain is the public record").
///      Field units: requestId = the Trainex data request id (the registry id is uint256(requestId));
///      contentDigest = SHA-256 of the dataset blob (the blob's CIDv1 names this digest); contributor = the
///      contributor's wallet; sampleCount = number of training samples; shares = ShareToken base units minted
///      to the contributor for this entry. anchoredAt is unix seconds, anchoredBlock a block number.
contract DataRegistry is Ownable {
    struct Batch {
        bytes32 requestId;
        bytes32 merkleRoot;
        uint32 entryCount;
        uint64 anchoredAt; // unix seconds
        uint64 anchoredBlock; // block number
    }

    /// @dev batch ids start at 1; _batches[batchId - 1]
    Batch[] private _batches;
    mapping(bytes32 merkleRoot => uint256 batchId) private _batchOfRoot;

    /// @notice A batch of `entryCount` registry entries of data request `requestId` was anchored as `merkleRoot`.
    event BatchAnchored(uint256 indexed batchId, bytes32 indexed requestId, bytes32 merkleRoot, uint32 entryCount);

    error EmptyBatch();
    error ZeroRoot();
    error RootAlreadyAnchored(bytes32 merkleRoot, uint256 batchId);
    error UnknownBatch(uint256 batchId);

    /// @param initialOwner the exchange's gateway account, the only account that anchors
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @notice Anchors a batch (owner only).
    /// @param requestId the data request whose entries the batch holds (part of every leaf)
    /// @param merkleRoot StandardMerkleTree root over the batch's leaves; not zero, never anchored before
    /// @param entryCount number of leaves (> 0), recorded for readers
    /// @return batchId the new batch's id (1, 2, 3, ...)
    function anchorBatch(bytes32 requestId, bytes32 merkleRoot, uint32 entryCount)
        external
        onlyOwner
        returns (uint256 batchId)
    {
        if (entryCount == 0) revert EmptyBatch();
        if (merkleRoot == bytes32(0)) revert ZeroRoot();
        uint256 existing = _batchOfRoot[merkleRoot];
        if (existing != 0) revert RootAlreadyAnchored(merkleRoot, existing);
        _batches.push(Batch(requestId, merkleRoot, entryCount, uint64(block.timestamp), uint64(block.number)));
        batchId = _batches.length;
        _batchOfRoot[merkleRoot] = batchId;
        emit BatchAnchored(batchId, requestId, merkleRoot, entryCount);
    }

    /// @notice Whether the entry is in batch `batchId`; false for an unknown batch or a wrong proof.
    /// @param contentDigest SHA-256 of the dataset blob
    /// @param contributor the contributor's wallet
    /// @param sampleCount number of samples
    /// @param shares share units minted for the entry
    /// @param proof StandardMerkleTree proof (sibling hashes from the leaf up)
    function verifyEntry(
        uint256 batchId,
        bytes32 contentDigest,
        address contributor,
        uint64 sampleCount,
        uint256 shares,
        bytes32[] calldata proof
    ) external view returns (bool) {
        if (batchId == 0 || batchId > _batches.length) return false;
        Batch storage b = _batches[batchId - 1];
        bytes32 leaf = keccak256(
            bytes.concat(keccak256(abi.encode(b.requestId, contentDigest, contributor, sampleCount, shares)))
        );
        return MerkleProof.verifyCalldata(proof, b.merkleRoot, leaf);
    }

    /// @notice The batch `batchId`; reverts with UnknownBatch for an id never issued.
    function batch(uint256 batchId)
        external
        view
        returns (bytes32 requestId, bytes32 merkleRoot, uint32 entryCount, uint64 anchoredAt, uint64 anchoredBlock)
    {
        if (batchId == 0 || batchId > _batches.length) revert UnknownBatch(batchId);
        Batch storage b = _batches[batchId - 1];
        return (b.requestId, b.merkleRoot, b.entryCount, b.anchoredAt, b.anchoredBlock);
    }

    /// @notice The id of the batch that anchored `merkleRoot`, 0 if none.
    function batchIdOfRoot(bytes32 merkleRoot) external view returns (uint256) {
        return _batchOfRoot[merkleRoot];
    }

    /// @notice Number of batches anchored so far (= the latest batch id).
    function batchCount() external view returns (uint256) {
        return _batches.length;
    }
}
