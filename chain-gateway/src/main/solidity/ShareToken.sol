// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {ERC1155Supply} from "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Supply.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title ShareToken: contributors' shares in a data registry
/// @notice One ERC-1155 token id per registry: id = uint256(requestId) of the data request whose accepted
///         entries form the registry. The exchange (owner) mints shares to a contributor when its proposal is
///         accepted; holders may transfer them. The exchange computes each data fee's dividends per holder
///         and pays them through ComputeEscrow (`release` of an order, or `payDataFee`) as explicit lists;
///         this token is the on-chain record of who holds which shares.
/// @dev Source: shared/seeds/000_d546d6f52486116e.txt (DataBright), section 2 "Decentralized ownership of
///      data": "a new token is minted and the data contributor becomes a shareholder in the data registry",
///      and "whenever it gets used, the creators get paid (i.e. the data pay a dividend)"; the abstract: "the
///      contributor becomes a shareholder in the dataset they created".
///      Units: share amounts are plain integer units (no decimals); ids are uint256 registry ids.
contract ShareToken is ERC1155, ERC1155Supply, Ownable {
    /// @notice Shares were minted for registry `registryId` (also visible as ERC-1155 TransferSingle/Batch).
    event SharesMinted(uint256 indexed registryId, address indexed contributor, uint256 amount);

    error LengthMismatch(uint256 contributors, uint256 amounts);

    /// @param uri_ ERC-1155 metadata URI template (may be empty)
    /// @param initialOwner the exchange's gateway account, the only account that mints
    constructor(string memory uri_, address initialOwner) ERC1155(uri_) Ownable(initialOwner) {}

    /// @notice Mints `amount` shares of registry `registryId` to `contributor` (owner only). A contract
    ///         receiving shares must implement IERC1155Receiver (ERC-1155 acceptance check), a wallet need not.
    function mint(address contributor, uint256 registryId, uint256 amount) external onlyOwner {
        _mint(contributor, registryId, amount, "");
        emit SharesMinted(registryId, contributor, amount);
    }

    /// @notice Mints shares of one registry to several contributors in one transaction (owner only).
    function mintMany(uint256 registryId, address[] calldata contributors, uint256[] calldata amounts)
        external
        onlyOwner
    {
        if (contributors.length != amounts.length) revert LengthMismatch(contributors.length, amounts.length);
        for (uint256 i = 0; i < contributors.length; i++) {
            _mint(contributors[i], registryId, amounts[i], "");
            emit SharesMinted(registryId, contributors[i], amounts[i]);
        }
    }

    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override(ERC1155, ERC1155Supply)
    {
        super._update(from, to, ids, values);
    }
}
