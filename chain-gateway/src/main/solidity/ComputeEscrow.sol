// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title ComputeEscrow: a training order's payment, locked until verified work is accepted
/// @notice Life of an order (all amounts in wei, all times in unix seconds, block time):
///         0. `deposit` — the consumer sends wei from its own wallet into its deposit here (withdrawable with
///            `withdrawDeposit` while not locked).
///         1. `lockFromDeposit` — the exchange (owner) moves the order's maximum price from the consumer's own
///            deposit into the order (it pays gas only: every wei locked comes from the wallet the order is
///            credited and refunded to); or the consumer locks directly with `lock`, sending the wei itself.
///         2. `markVerified` — the exchange records that the work passed verification; a challenge period of
///            `challengePeriod` seconds starts. During it anyone may `openChallenge` by posting
///            `challengeBond` wei; a challenged order cannot be released until the exchange resolves the
///            challenge (`resolveChallenge`): upheld = the bond goes back to the challenger and the order
///            returns to Locked (verify again or refund); rejected = the bond is forfeited to the exchange
///            (owner) and the order is Verified again with its original period end.
///         3. `release` — after the period: credits each provider and the validator their amounts, and the
///            order's data fee as dividends to the shareholders of every registry entry the order trained on,
///            in explicit lists computed by the exchange (holders and amounts; the fee is their sum, paid once
///            per usage id, as with `payDataFee`); what is left is refunded to the consumer. Credits + refund ==
///            locked amount, wei for wei.
///         `refund` returns the whole amount to the consumer instead (cancellation, failed verification).
///         Data fees outside an order: `payDataFee` (anyone: a consumer or the exchange) pays msg.value wei as
///         dividends to the shareholders of the registry entries a training used, with amounts computed by the
///         exchange, once per usage id.
///         Payments are pulled: every movement credits an account and `withdraw` pays the caller.
///         Providers stake ETH from their own wallets (`stake`); unstaking waits `unstakeDelay` seconds
///         (`requestUnstake`, then `withdrawStake`), and the exchange can `slash` active and pending stake on
///         proven fraud.
///         Invariant: address(this).balance == totalDeposits + totalLocked + totalCredits + totalStaked +
///         totalBonds.
///         Trust (issue 11): no function moves wei of one account into the stake, deposit or order of another; the
///         owner can only move a consumer's own deposit into that consumer's order.
/// @dev Sources: shared/seeds/002_8b9981a38935bd21.txt (DKLabs), section 7.2 "Detailed Design": item 1
///      "Order Construction" (the payment "is locked until the job is completed"), item 3 (compute allocated
///      by "the amount staked and can be reduced if the node misbehaves"), item 5 "Verification" ("there is a
///      challenge period ... After the challenge period, the job is registered as completed, and the results
///      of the training are exchanged for payment through a decentralized escrow system");
///      shared/seeds/000_d546d6f52486116e.txt (DataBright), section 2 (contributors are shareholders and are
///      paid a dividend whenever their data is used) and section 3 "Trusted computation market" (providers
///      are paid when their device is used).
contract ComputeEscrow is Ownable, ReentrancyGuard {
    enum Status {
        None,
        Locked,
        Verified,
        Challenged,
        Released,
        Refunded
    }

    enum CreditKind {
        Provider,
        Validator,
        Dividend,
        Refund,
        ChallengeBond,
        Slash
    }

    struct Order {
        address consumer;
        Status status;
        uint64 challengeEndsAt; // unix seconds; 0 while not verified
        uint256 amount; // wei locked
    }

    struct Challenge {
        address challenger;
        uint256 bond; // wei
        bytes32 evidence; // digest of the evidence blob (SHA-256 / CID digest)
    }

    struct StakeInfo {
        uint256 active; // wei, slashable, counts for capacity
        uint256 pending; // wei, unstaking, still slashable
        uint64 unlockAt; // unix seconds from which `pending` can be withdrawn
    }

    /// @notice Seconds between `markVerified` and the earliest `release`.
    uint64 public challengePeriod;
    /// @notice Seconds between `requestUnstake` and `withdrawStake`.
    uint64 public unstakeDelay;
    /// @notice Wei a challenger posts with `openChallenge`.
    uint256 public challengeBond;

    /// @notice Wei locked in orders that are Locked, Verified or Challenged.
    uint256 public totalLocked;
    /// @notice Wei credited and not yet withdrawn.
    uint256 public totalCredits;
    /// @notice Wei staked (active + pending).
    uint256 public totalStaked;
    /// @notice Wei of challenge bonds held for open challenges.
    uint256 public totalBonds;
    /// @notice Wei deposited by consumers and not yet locked or withdrawn.
    uint256 public totalDeposits;

    mapping(bytes32 orderId => Order) private _orders;
    mapping(bytes32 orderId => Challenge) private _challenges;
    mapping(address account => uint256) private _credits;
    mapping(address provider => StakeInfo) private _stakes;
    mapping(bytes32 usageId => bool) private _dataFeesPaid;
    mapping(address consumer => uint256) private _deposits;

    event Locked(bytes32 indexed orderId, address indexed consumer, address indexed payer, uint256 amount);
    event Verified(bytes32 indexed orderId, uint64 challengeEndsAt);
    event ChallengeOpened(bytes32 indexed orderId, address indexed challenger, uint256 bond, bytes32 evidence);
    event ChallengeResolved(bytes32 indexed orderId, bool upheld, address indexed bondTo, uint256 bond);
    /// @notice `amount` wei became withdrawable by `account`, for order `orderId` (0 for slashing; the usage id
    ///         for a data fee paid with `payDataFee`).
    event Credited(bytes32 indexed orderId, address indexed account, CreditKind indexed kind, uint256 amount);
    /// @notice Order `orderId` was released: `providersTotal` wei to its providers, `validatorFee` wei to the
    ///         validator, `dataFee` wei as dividends (see `DataFeePaid` for the usage), `refund` wei back to the
    ///         consumer; the four add up to the locked amount.
    event Released(
        bytes32 indexed orderId, uint256 providersTotal, uint256 validatorFee, uint256 dataFee, uint256 refund
    );
    event Refunded(bytes32 indexed orderId, address indexed consumer, uint256 amount);
    event Withdrawn(address indexed account, uint256 amount);
    /// @notice `payer` paid `total` wei of data fee for usage `usageId` (credited as dividends); `usageDigest` is
    ///         the SHA-256 of the exchange's usage record (which datasets, which holders, which amounts).
    event DataFeePaid(bytes32 indexed usageId, address indexed payer, uint256 total, bytes32 usageDigest);
    event Staked(address indexed provider, uint256 amount, uint256 activeStake);
    event UnstakeRequested(address indexed provider, uint256 amount, uint64 unlockAt);
    event StakeWithdrawn(address indexed provider, uint256 amount);
    event Slashed(address indexed provider, uint256 amount, address indexed beneficiary);
    /// @notice `consumer` deposited `amount` wei from its own wallet; `balance` is its deposit after it.
    event Deposited(address indexed consumer, uint256 amount, uint256 balance);
    /// @notice `consumer` withdrew `amount` wei of its deposit; `balance` is its deposit after it.
    event DepositWithdrawn(address indexed consumer, uint256 amount, uint256 balance);
    event ParametersChanged(uint64 challengePeriod, uint64 unstakeDelay, uint256 challengeBond);

    error ZeroAmount();
    error ZeroAddress();
    error NotConsumer(address caller, address consumer);
    error InsufficientDeposit(address consumer, uint256 requested, uint256 available);
    error OrderExists(bytes32 orderId);
    error WrongStatus(bytes32 orderId, Status status);
    error ChallengePeriodNotOver(bytes32 orderId, uint64 challengeEndsAt, uint256 nowSeconds);
    error ChallengePeriodOver(bytes32 orderId, uint64 challengeEndsAt, uint256 nowSeconds);
    error WrongBond(uint256 sent, uint256 required);
    error LengthMismatch(uint256 accounts, uint256 amounts);
    error ExceedsLocked(uint256 payouts, uint256 locked);
    error NothingToWithdraw(address account);
    error TransferFailed(address to, uint256 amount);
    error InsufficientStake(address provider, uint256 requested, uint256 available);
    error StakeLocked(address provider, uint64 unlockAt, uint256 nowSeconds);
    error DataFeeAlreadyPaid(bytes32 usageId);
    error NoHolders();
    error WrongValue(uint256 sent, uint256 required);
    error ZeroUsageId();

    /// @param challengePeriod_ seconds between verification and the earliest release
    /// @param unstakeDelay_ seconds between an unstake request and the withdrawal
    /// @param challengeBond_ wei a challenger posts
    /// @param initialOwner the exchange's gateway account
    constructor(uint64 challengePeriod_, uint64 unstakeDelay_, uint256 challengeBond_, address initialOwner)
        Ownable(initialOwner)
    {
        _setParameters(challengePeriod_, unstakeDelay_, challengeBond_);
    }

    // ------------------------------------------------------------------ orders

    /// @notice Locks msg.value wei for order `orderId` of `consumer`, sent by the consumer itself
    ///         (`NotConsumer` otherwise: nobody pays into an order credited to another wallet).
    function lock(bytes32 orderId, address consumer) external payable {
        if (msg.value == 0) revert ZeroAmount();
        if (consumer == address(0)) revert ZeroAddress();
        if (msg.sender != consumer) revert NotConsumer(msg.sender, consumer);
        _open(orderId, consumer, msg.value, consumer);
    }

    /// @notice Adds msg.value wei (non-zero, `ZeroAmount`) to the caller's deposit, from which the exchange may
    ///         lock the caller's orders (`lockFromDeposit`).
    function deposit() external payable {
        if (msg.value == 0) revert ZeroAmount();
        uint256 balance = _deposits[msg.sender] + msg.value;
        _deposits[msg.sender] = balance;
        totalDeposits += msg.value;
        emit Deposited(msg.sender, msg.value, balance);
    }

    /// @notice Pays `amount` wei of the caller's deposit back to the caller (`InsufficientDeposit` above it).
    function withdrawDeposit(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 available = _deposits[msg.sender];
        if (amount > available) revert InsufficientDeposit(msg.sender, amount, available);
        _deposits[msg.sender] = available - amount;
        totalDeposits -= amount;
        emit DepositWithdrawn(msg.sender, amount, available - amount);
        _send(msg.sender, amount);
    }

    /// @notice Locks `amount` wei of `consumer`'s own deposit for order `orderId` (owner: the exchange matched the
    ///         order and pays gas only). Reverts `InsufficientDeposit` when the deposit does not cover it,
    ///         `OrderExists` for a second lock, `ZeroAmount`, `ZeroAddress`. Emits `Locked(orderId, consumer,
    ///         consumer, amount)`: the payer is the consumer's deposit.
    function lockFromDeposit(bytes32 orderId, address consumer, uint256 amount) external onlyOwner {
        if (amount == 0) revert ZeroAmount();
        if (consumer == address(0)) revert ZeroAddress();
        if (_orders[orderId].status != Status.None) revert OrderExists(orderId);
        uint256 available = _deposits[consumer];
        if (amount > available) revert InsufficientDeposit(consumer, amount, available);
        _deposits[consumer] = available - amount;
        totalDeposits -= amount;
        _open(orderId, consumer, amount, consumer);
    }

    /// @notice Wei deposited by `consumer` and not locked or withdrawn.
    function depositOf(address consumer) external view returns (uint256) {
        return _deposits[consumer];
    }

    /// @notice Records that the order's work passed verification and starts the challenge period (owner).
    function markVerified(bytes32 orderId) external onlyOwner {
        Order storage o = _orders[orderId];
        if (o.status != Status.Locked) revert WrongStatus(orderId, o.status);
        o.status = Status.Verified;
        o.challengeEndsAt = uint64(block.timestamp) + challengePeriod;
        emit Verified(orderId, o.challengeEndsAt);
    }

    /// @notice Challenges a verified order during its challenge period, posting exactly `challengeBond` wei.
    /// @param evidence digest of the evidence (e.g. the SHA-256 of a proof blob)
    function openChallenge(bytes32 orderId, bytes32 evidence) external payable {
        Order storage o = _orders[orderId];
        if (o.status != Status.Verified) revert WrongStatus(orderId, o.status);
        if (block.timestamp >= o.challengeEndsAt) {
            revert ChallengePeriodOver(orderId, o.challengeEndsAt, block.timestamp);
        }
        if (msg.value != challengeBond) revert WrongBond(msg.value, challengeBond);
        o.status = Status.Challenged;
        _challenges[orderId] = Challenge(msg.sender, msg.value, evidence);
        totalBonds += msg.value;
        emit ChallengeOpened(orderId, msg.sender, msg.value, evidence);
    }

    /// @notice Resolves the open challenge of `orderId` (owner). Upheld: bond back to the challenger, order
    ///         back to Locked. Rejected: bond to the owner, order Verified again (original period end).
    function resolveChallenge(bytes32 orderId, bool upheld) external onlyOwner {
        Order storage o = _orders[orderId];
        if (o.status != Status.Challenged) revert WrongStatus(orderId, o.status);
        Challenge memory c = _challenges[orderId];
        delete _challenges[orderId];
        address bondTo;
        if (upheld) {
            o.status = Status.Locked;
            o.challengeEndsAt = 0;
            bondTo = c.challenger;
        } else {
            o.status = Status.Verified;
            bondTo = owner();
        }
        totalBonds -= c.bond;
        if (c.bond > 0) _credit(orderId, bondTo, CreditKind.ChallengeBond, c.bond);
        emit ChallengeResolved(orderId, upheld, bondTo, c.bond);
    }

    /// @notice Releases a verified order after its challenge period (owner): credits the providers, the
    ///         validator and the shareholders (dividends), and refunds the rest to the consumer.
    /// @param orderId the order (bytes32 of the exchange's order UUID)
    /// @param providers provider wallets, none zero (`ZeroAddress`), credited `providerAmounts` wei each (same
    ///        length, `LengthMismatch`; zero amounts credit nothing)
    /// @param validator the validator's wallet (may be zero when validatorFee is 0)
    /// @param validatorFee wei to the validator
    /// @param usageId the exchange's usage id of the order's data use (bytes32 of its UUID); when the data fee
    ///        is non-zero it must be non-zero (`ZeroUsageId`) and unpaid (`DataFeeAlreadyPaid`), and is then
    ///        marked paid (`dataFeePaid(usageId)`); ignored when the data fee is 0
    /// @param holders shareholder wallets of the registry entries the order trained on, none zero
    ///        (`ZeroAddress`); may be empty when there is no data fee. A holder listed twice is credited twice.
    /// @param dividendAmounts wei per holder (same length, `LengthMismatch`), computed by the exchange; each
    ///        non-zero amount is credited `Credited(orderId, holder, Dividend, amount)`. dataFee = their sum.
    /// @param usageDigest SHA-256 of the exchange's usage record, for audit (in `DataFeePaid`)
    /// @dev Consumer refund = locked amount - sum(providerAmounts) - validatorFee - dataFee (`ExceedsLocked` when
    ///      negative). Emits `DataFeePaid(usageId, owner, dataFee, usageDigest)` when dataFee > 0, then
    ///      `Released`. Reverts `WrongStatus` unless Verified, `ChallengePeriodNotOver` before `challengeEndsAt`.
    ///      The lists are `memory`, not `calldata`: four calldata arrays (two stack slots each) overflow the ABI
    ///      decoder's stack without via-IR.
    function release(
        bytes32 orderId,
        address[] memory providers,
        uint256[] memory providerAmounts,
        address validator,
        uint256 validatorFee,
        bytes32 usageId,
        address[] memory holders,
        uint256[] memory dividendAmounts,
        bytes32 usageDigest
    ) external onlyOwner {
        uint256 dataFee = _sum(dividendAmounts);
        (uint256 providersTotal, uint256 refundWei) = _settle(orderId, providerAmounts, validatorFee + dataFee);
        _payProviders(orderId, providers, providerAmounts);
        if (validatorFee > 0) {
            if (validator == address(0)) revert ZeroAddress();
            _credit(orderId, validator, CreditKind.Validator, validatorFee);
        }
        _payOrderDividends(orderId, usageId, holders, dividendAmounts, dataFee, usageDigest);
        _refundRest(orderId, refundWei);
        emit Released(orderId, providersTotal, validatorFee, dataFee, refundWei);
    }

    /// @notice Refunds the whole locked amount to the consumer (owner): cancellation or failed verification.
    function refund(bytes32 orderId) external onlyOwner {
        Order storage o = _orders[orderId];
        if (o.status != Status.Locked && o.status != Status.Verified) revert WrongStatus(orderId, o.status);
        o.status = Status.Refunded;
        totalLocked -= o.amount;
        _credit(orderId, o.consumer, CreditKind.Refund, o.amount);
        emit Refunded(orderId, o.consumer, o.amount);
    }

    // ------------------------------------------------------------------ data fees

    /// @notice Pays a data fee for one use of registry data (a training job), callable by anyone (the consumer
    ///         or the exchange): credits `amounts[i]` wei to `holders[i]` as a dividend (`Credited(usageId,
    ///         holder, Dividend, amount)`; a holder listed twice is credited twice) and emits `DataFeePaid`.
    ///         Holders withdraw with `withdraw`. Once per `usageId`.
    /// @param usageId the exchange's usage id (bytes32 of its UUID); a repeat reverts `DataFeeAlreadyPaid`
    /// @param holders shareholder wallets, at least one, none zero (`NoHolders`, `ZeroAddress`)
    /// @param amounts wei per holder, same length as `holders` (`LengthMismatch`); zero amounts credit nothing
    /// @param usageDigest SHA-256 of the exchange's usage record, for audit
    /// @dev msg.value must equal the sum of `amounts` (`WrongValue(sent, required)`) and be non-zero
    ///      (`ZeroAmount`), so the balance invariant holds wei for wei.
    function payDataFee(
        bytes32 usageId,
        address[] calldata holders,
        uint256[] calldata amounts,
        bytes32 usageDigest
    ) external payable {
        if (_dataFeesPaid[usageId]) revert DataFeeAlreadyPaid(usageId);
        if (holders.length != amounts.length) revert LengthMismatch(holders.length, amounts.length);
        if (holders.length == 0) revert NoHolders();
        uint256 total = 0;
        for (uint256 i = 0; i < amounts.length; i++) {
            total += amounts[i];
        }
        if (msg.value != total) revert WrongValue(msg.value, total);
        if (total == 0) revert ZeroAmount();
        _dataFeesPaid[usageId] = true;
        for (uint256 i = 0; i < holders.length; i++) {
            if (holders[i] == address(0)) revert ZeroAddress();
            if (amounts[i] > 0) _credit(usageId, holders[i], CreditKind.Dividend, amounts[i]);
        }
        emit DataFeePaid(usageId, msg.sender, total, usageDigest);
    }

    /// @notice Whether the data fee of `usageId` has been paid.
    function dataFeePaid(bytes32 usageId) external view returns (bool) {
        return _dataFeesPaid[usageId];
    }

    // ------------------------------------------------------------------ pull payments

    /// @notice Pays the caller all wei credited to it.
    function withdraw() external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        totalCredits -= amount;
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ provider stakes

    /// @notice Adds msg.value wei (non-zero, `ZeroAmount`) to the caller's active stake: a provider stakes from
    ///         its own wallet (there is no staking on another's behalf).
    function stake() external payable {
        _stake(msg.sender);
    }

    /// @notice Moves `amount` wei of the caller's active stake to pending; withdrawable after `unstakeDelay`
    ///         seconds (a new request restarts the delay for the whole pending amount). Pending stake can
    ///         still be slashed.
    function requestUnstake(uint256 amount) external {
        StakeInfo storage s = _stakes[msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (amount > s.active) revert InsufficientStake(msg.sender, amount, s.active);
        s.active -= amount;
        s.pending += amount;
        s.unlockAt = uint64(block.timestamp) + unstakeDelay;
        emit UnstakeRequested(msg.sender, amount, s.unlockAt);
    }

    /// @notice Pays out the caller's pending stake once its delay has passed.
    function withdrawStake() external nonReentrant {
        StakeInfo storage s = _stakes[msg.sender];
        uint256 amount = s.pending;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        if (block.timestamp < s.unlockAt) revert StakeLocked(msg.sender, s.unlockAt, block.timestamp);
        s.pending = 0;
        totalStaked -= amount;
        emit StakeWithdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    /// @notice Slashes `amount` wei of `provider`'s stake (active first, then pending) on proven fraud and
    ///         credits it to `beneficiary` (owner).
    function slash(address provider, uint256 amount, address beneficiary) external onlyOwner {
        if (amount == 0) revert ZeroAmount();
        if (beneficiary == address(0)) revert ZeroAddress();
        StakeInfo storage s = _stakes[provider];
        uint256 available = s.active + s.pending;
        if (amount > available) revert InsufficientStake(provider, amount, available);
        uint256 fromActive = Math.min(amount, s.active);
        s.active -= fromActive;
        s.pending -= amount - fromActive;
        totalStaked -= amount;
        _credit(bytes32(0), beneficiary, CreditKind.Slash, amount);
        emit Slashed(provider, amount, beneficiary);
    }

    // ------------------------------------------------------------------ parameters and views

    /// @notice Sets the challenge period (seconds, for orders verified from now on), the unstake delay
    ///         (seconds, for requests from now on) and the challenge bond (wei) (owner).
    function setParameters(uint64 challengePeriod_, uint64 unstakeDelay_, uint256 challengeBond_) external onlyOwner {
        _setParameters(challengePeriod_, unstakeDelay_, challengeBond_);
    }

    /// @notice The order: consumer, locked wei, status, end of the challenge period (unix seconds, 0 if none).
    function order(bytes32 orderId)
        external
        view
        returns (address consumer, uint256 amount, Status status, uint64 challengeEndsAt)
    {
        Order storage o = _orders[orderId];
        return (o.consumer, o.amount, o.status, o.challengeEndsAt);
    }

    /// @notice The open challenge of `orderId` (zero values if none).
    function challengeOf(bytes32 orderId) external view returns (address challenger, uint256 bond, bytes32 evidence) {
        Challenge storage c = _challenges[orderId];
        return (c.challenger, c.bond, c.evidence);
    }

    /// @notice Wei withdrawable by `account`.
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @notice `provider`'s stake: active wei, pending wei, unix seconds from which pending is withdrawable.
    function stakeOf(address provider) external view returns (uint256 active, uint256 pending, uint64 unlockAt) {
        StakeInfo storage s = _stakes[provider];
        return (s.active, s.pending, s.unlockAt);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Checks that `orderId` can be released now and that the payouts fit in its amount; marks it Released.
    /// @return providersTotal sum of `providerAmounts` (wei)
    /// @return refundWei what goes back to the consumer (wei)
    function _settle(bytes32 orderId, uint256[] memory providerAmounts, uint256 fees)
        private
        returns (uint256 providersTotal, uint256 refundWei)
    {
        Order storage o = _orders[orderId];
        if (o.status != Status.Verified) revert WrongStatus(orderId, o.status);
        if (block.timestamp < o.challengeEndsAt) {
            revert ChallengePeriodNotOver(orderId, o.challengeEndsAt, block.timestamp);
        }
        for (uint256 i = 0; i < providerAmounts.length; i++) {
            providersTotal += providerAmounts[i];
        }
        uint256 payouts = providersTotal + fees;
        uint256 amount = o.amount;
        if (payouts > amount) revert ExceedsLocked(payouts, amount);
        o.status = Status.Released;
        totalLocked -= amount;
        refundWei = amount - payouts;
    }

    function _open(bytes32 orderId, address consumer, uint256 amount, address payer) private {
        if (_orders[orderId].status != Status.None) revert OrderExists(orderId);
        _orders[orderId] = Order(consumer, Status.Locked, 0, amount);
        totalLocked += amount;
        emit Locked(orderId, consumer, payer, amount);
    }

    function _refundRest(bytes32 orderId, uint256 refundWei) private {
        if (refundWei > 0) _credit(orderId, _orders[orderId].consumer, CreditKind.Refund, refundWei);
    }

    function _payProviders(bytes32 orderId, address[] memory providers, uint256[] memory providerAmounts) private {
        if (providers.length != providerAmounts.length) revert LengthMismatch(providers.length, providerAmounts.length);
        for (uint256 i = 0; i < providers.length; i++) {
            if (providers[i] == address(0)) revert ZeroAddress();
            if (providerAmounts[i] > 0) _credit(orderId, providers[i], CreditKind.Provider, providerAmounts[i]);
        }
    }

    /// @dev Credits an order's dividends (`dataFee` = sum of `amounts`, already reserved from the locked amount)
    ///      and, when the fee is non-zero, marks `usageId` paid and emits `DataFeePaid`.
    function _payOrderDividends(
        bytes32 orderId,
        bytes32 usageId,
        address[] memory holders,
        uint256[] memory amounts,
        uint256 dataFee,
        bytes32 usageDigest
    ) private {
        if (holders.length != amounts.length) revert LengthMismatch(holders.length, amounts.length);
        if (dataFee > 0) {
            if (usageId == bytes32(0)) revert ZeroUsageId();
            if (_dataFeesPaid[usageId]) revert DataFeeAlreadyPaid(usageId);
            _dataFeesPaid[usageId] = true;
        }
        for (uint256 i = 0; i < holders.length; i++) {
            if (holders[i] == address(0)) revert ZeroAddress();
            if (amounts[i] > 0) _credit(orderId, holders[i], CreditKind.Dividend, amounts[i]);
        }
        if (dataFee > 0) emit DataFeePaid(usageId, msg.sender, dataFee, usageDigest);
    }

    function _sum(uint256[] memory amounts) private pure returns (uint256 total) {
        for (uint256 i = 0; i < amounts.length; i++) {
            total += amounts[i];
        }
    }

    function _stake(address provider) private {
        if (msg.value == 0) revert ZeroAmount();
        StakeInfo storage s = _stakes[provider];
        s.active += msg.value;
        totalStaked += msg.value;
        emit Staked(provider, msg.value, s.active);
    }

    function _credit(bytes32 orderId, address account, CreditKind kind, uint256 amount) private {
        _credits[account] += amount;
        totalCredits += amount;
        emit Credited(orderId, account, kind, amount);
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }

    function _setParameters(uint64 challengePeriod_, uint64 unstakeDelay_, uint256 challengeBond_) private {
        challengePeriod = challengePeriod_;
        unstakeDelay = unstakeDelay_;
        challengeBond = challengeBond_;
        emit ParametersChanged(challengePeriod_, unstakeDelay_, challengeBond_);
    }
}
