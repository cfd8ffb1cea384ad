// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IdentityRegistry: LEARNAE's Distributed Proof of Identification (DPoID)
/// @notice A peer proves which wallet is paid for its work by registering its peer id (the digest of its
///         IPFS/libp2p id, 32 bytes) with its public key from that wallet: the record is (wallet = msg.sender,
///         publicKey, block.timestamp, block.number). When one peer id is claimed more than once by different
///         wallets, the earliest registration is the valid one and every later one is recorded and emitted as
///         fraudulent (`FraudulentRegistration`): someone trying to hijack another peer's payments. "Earliest"
///         is chain order (block, then transaction index), which is also timestamp order; two claims in the
///         same second are still ordered. The same wallet cannot register the same peer id twice.
///         Checking that `peerId` really derives from `publicKey` (multihash of the key) is done by the peers
///         off chain, as in LEARNAE.
/// @dev Source: shared/seeds/001_8bbffa863261fba1.txt (LEARNAE), section 3.2 "Distributed proof of
///      identification": each peer publishes a "PoID" (its IPFSid and its wallet address) with a "Timestamp";
///      "A malicious actor could attempt to hijack payments by broadcasting Smart Contracts that contain its
///      own Ethereum public wallet address but with the IPFSid from another – more active – peer ... In such
///      cases, the Smart Contract with the earliest timestamp is accepted, as any other is deemed fraudulent."
///      LEARNAE deploys one contract per peer; here one registry holds every claim, so the ordering is
///      decided on chain rather than by each peer's local directory.
///      Units: registeredAt in unix seconds, registeredBlock a block number.
contract IdentityRegistry {
    struct Registration {
        address wallet;
        uint64 registeredAt; // unix seconds
        uint64 registeredBlock; // block number
        bytes publicKey;
    }

    mapping(bytes32 peerId => Registration[]) private _registrations;
    mapping(bytes32 peerId => mapping(address wallet => bool)) private _claimed;

    /// @notice `wallet` is the valid (first) identity of `peerId`.
    event IdentityRegistered(bytes32 indexed peerId, address indexed wallet, bytes publicKey, uint64 registeredAt);
    /// @notice `wallet` claimed `peerId`, already held by `validWallet`: recorded as fraudulent at `index`.
    event FraudulentRegistration(
        bytes32 indexed peerId, address indexed wallet, address indexed validWallet, uint256 index, uint64 registeredAt
    );

    error EmptyPublicKey();
    error ZeroPeerId();
    error AlreadyRegistered(bytes32 peerId, address wallet);
    error UnknownPeer(bytes32 peerId);
    error IndexOutOfRange(bytes32 peerId, uint256 index, uint256 count);

    /// @notice Registers the caller's wallet as the identity of `peerId`.
    /// @return valid true if this is the first (valid) registration, false if it was recorded as fraudulent
    function register(bytes32 peerId, bytes calldata publicKey) external returns (bool valid) {
        if (peerId == bytes32(0)) revert ZeroPeerId();
        if (publicKey.length == 0) revert EmptyPublicKey();
        if (_claimed[peerId][msg.sender]) revert AlreadyRegistered(peerId, msg.sender);
        _claimed[peerId][msg.sender] = true;
        Registration[] storage regs = _registrations[peerId];
        uint64 nowSeconds = uint64(block.timestamp);
        regs.push(Registration(msg.sender, nowSeconds, uint64(block.number), publicKey));
        valid = regs.length == 1;
        if (valid) {
            emit IdentityRegistered(peerId, msg.sender, publicKey, nowSeconds);
        } else {
            emit FraudulentRegistration(peerId, msg.sender, regs[0].wallet, regs.length - 1, nowSeconds);
        }
    }

    /// @notice The valid identity of `peerId` (its first registration); reverts with UnknownPeer if none.
    function validIdentity(bytes32 peerId)
        external
        view
        returns (address wallet, bytes memory publicKey, uint64 registeredAt, uint64 registeredBlock)
    {
        Registration[] storage regs = _registrations[peerId];
        if (regs.length == 0) revert UnknownPeer(peerId);
        Registration storage r = regs[0];
        return (r.wallet, r.publicKey, r.registeredAt, r.registeredBlock);
    }

    /// @notice Whether `wallet` is the valid identity of `peerId` (false for unknown peers and fraudulent claims).
    function isValidClaim(bytes32 peerId, address wallet) external view returns (bool) {
        Registration[] storage regs = _registrations[peerId];
        return regs.length > 0 && regs[0].wallet == wallet;
    }

    /// @notice Whether `wallet` claimed `peerId` after its valid registration (a recorded hijack attempt).
    function isFraudulentClaim(bytes32 peerId, address wallet) external view returns (bool) {
        Registration[] storage regs = _registrations[peerId];
        return _claimed[peerId][wallet] && regs[0].wallet != wallet;
    }

    /// @notice Number of registrations of `peerId` (1 valid + fraudulent ones).
    function registrationCount(bytes32 peerId) external view returns (uint256) {
        return _registrations[peerId].length;
    }

    /// @notice Registration `index` of `peerId` in chain order; `fraudulent` is true for every index but 0.
    function registrationAt(bytes32 peerId, uint256 index)
        external
        view
        returns (address wallet, bytes memory publicKey, uint64 registeredAt, uint64 registeredBlock, bool fraudulent)
    {
        Registration[] storage regs = _registrations[peerId];
        if (index >= regs.length) revert IndexOutOfRange(peerId, index, regs.length);
        Registration storage r = regs[index];
        return (r.wallet, r.publicKey, r.registeredAt, r.registeredBlock, index > 0);
    }
}
