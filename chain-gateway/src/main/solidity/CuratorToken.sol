// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title CuratorToken: the curators' voting token of the Trainex data market
/// @notice Curators hold this ERC-20 to vote on data proposals (see CurationVoting). Voting power is
///         checkpointed (ERC20Votes): what counts for a proposal is the power a holder had at the proposal's
///         snapshot block, read with `getPastVotes(account, blockNumber)`. Tokens carry voting power through
///         delegation (to the holder itself, to another curator, or to an oracle account such as an image
///         classifier); `mint` delegates a holder that has no delegate yet to itself, and delegation can be
///         changed or taken back at any time with `delegate`.
/// @dev Source: shared/seeds/000_d546d6f52486116e.txt (DataBright), section 2 "Decentralized ownership of
///      data": "CuratorToken keeps a list of all token owners, allowing them to vote on data proposals",
///      and curators "can also forward their voting rights (i.e. tokens) temporarily to an oracle (e.g. an
///      image classifier) that can vote in their stead". Unlike DataBright's token, the voting power is a
///      checkpoint per block (OpenZeppelin ERC20Votes), so a token cannot vote twice by moving between
///      addresses.
///      Minting delegates: a holder that has never delegated (`delegates(to) == address(0)`) is delegated to
///      itself by `mint`, so freshly granted tokens vote at once; a holder that chose a delegate keeps it.
///      Transfers keep plain ERC20Votes semantics: a receiver without a delegate gets no voting power until it
///      delegates (or is minted to).
///      Units: amounts in token base units (18 decimals); clock = block numbers (ERC-6372 mode
///      "mode=blocknumber&from=default"); permit deadlines in seconds (unix time).
contract CuratorToken is ERC20, ERC20Permit, ERC20Votes, Ownable {
    /// @param initialOwner the exchange's gateway account, the only account that can mint
    constructor(address initialOwner)
        ERC20("Trainex Curator Token", "TXCUR")
        ERC20Permit("Trainex Curator Token")
        Ownable(initialOwner)
    {}

    /// @notice Mints `amount` base units to `to` (owner only). If `to` has no delegate yet
    ///         (`delegates(to) == address(0)`), it is delegated to itself in the same transaction, so the minted
    ///         tokens (and whatever `to` held before) vote from the next block on without a `delegate` call; a
    ///         holder that delegated (to itself, a curator or an oracle) keeps its delegate, which receives the
    ///         minted votes.
    /// @dev Emits `Transfer(0, to, amount)`, and on first delegation `DelegateChanged(to, 0, to)` and
    ///      `DelegateVotesChanged(to, 0, balance)`. Reverts `ERC20InvalidReceiver` for `to == address(0)`.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
        if (delegates(to) == address(0)) {
            _delegate(to, to);
        }
    }

    // ---- required overrides (ERC20 + ERC20Votes, ERC20Permit + Nonces) ----

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
