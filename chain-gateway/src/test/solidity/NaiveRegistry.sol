// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title NaiveRegistry: the baseline for the anchoring-gas benchmark (test/bench only, never deployed)
/// @notice Stores every registry entry's fields in contract storage, one transaction per entry, which is what
///         DataBright's "Database" contract does (shared/seeds/000_d546d6f52486116e.txt, section 2: accepted
///         proposals are "stored as immutable entry into a data registry"). DataRegistry anchors a Merkle root
///         per batch instead; bench/anchor-gas.sh compares the gas per entry of both.
///         Units: sampleCount in samples, shares in ShareToken units.
contract NaiveRegistry {
    struct Entry {
        bytes32 requestId;
        bytes32 contentDigest;
        address contributor;
        uint64 sampleCount;
        uint256 shares;
    }

    /// @notice The only account that registers (like DataRegistry's owner, to compare like with like).
    address public immutable owner;
    Entry[] private _entries;

    event EntryRegistered(uint256 indexed entryId, bytes32 indexed requestId, bytes32 contentDigest);

    error NotOwner(address caller);

    constructor() {
        owner = msg.sender;
    }

    /// @return entryId index + 1 of the new entry
    function register(bytes32 requestId, bytes32 contentDigest, address contributor, uint64 sampleCount, uint256 shares)
        external
        returns (uint256 entryId)
    {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _entries.push(Entry(requestId, contentDigest, contributor, sampleCount, shares));
        entryId = _entries.length;
        emit EntryRegistered(entryId, requestId, contentDigest);
    }

    function entryCount() external view returns (uint256) {
        return _entries.length;
    }
}
