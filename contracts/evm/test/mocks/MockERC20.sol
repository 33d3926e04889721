// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20 as SoladyERC20Base} from "solady/tokens/ERC20.sol";

/// @notice Plain OpenZeppelin ERC-20 with open minting, for tests and as the gas peer.
contract MockERC20 is ERC20 {
    constructor() ERC20("Mock", "MOCK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice Burns 1% of every transfer: custody would come up short.
contract FeeOnTransferERC20 is ERC20 {
    constructor() ERC20("Fee", "FEE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// @notice Calls back into a target during every transfer, to attempt reentrancy.
contract ReentrantERC20 is ERC20 {
    address public target;
    bytes public payload;
    bool public attempted;
    bytes public reentryError;

    constructor() ERC20("Evil", "EVIL") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (target != address(0) && !attempted) {
            attempted = true;
            (bool ok, bytes memory err) = target.call(payload);
            if (ok) revert("reentrant call succeeded");
            reentryError = err;
        }
    }
}

/// @notice An ERC-20 whose transfer functions return nothing (USDT-style).
contract NoReturnERC20 {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
    }

    function transfer(address to, uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "balance");
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
    }

    function transferFrom(address from, address to, uint256 amount) external {
        require(allowance[from][msg.sender] >= amount, "allowance");
        require(balanceOf[from] >= amount, "balance");
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}

/// @notice Refuses transfers to one blocked address, like a permissioned token's compliance check.
contract BlockingERC20 is ERC20 {
    error RecipientBlocked(address to);

    address public immutable blocked;

    constructor(address blocked_) ERC20("Block", "BLK") {
        blocked = blocked_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (to == blocked) revert RecipientBlocked(to);
        super._update(from, to, value);
    }
}

/// @notice Solady's gas-optimised ERC-20, the leaner of the two tokens the payout bench uses.
contract SoladyERC20 is SoladyERC20Base {
    function name() public pure override returns (string memory) {
        return "Solady";
    }

    function symbol() public pure override returns (string memory) {
        return "SLD";
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice A legacy-style ERC-20 that reads `transfer`'s recipient as a raw word and keeps its low
///         160 bits, as tokens compiled before ABI decoding validated addresses do: a caller
///         passing a dirty word pays the cleaned address.
contract MaskingERC20 {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        return true;
    }

    /// @dev `transfer(address,uint256)` without the compiler's address validation.
    fallback(bytes calldata data) external returns (bytes memory) {
        require(bytes4(data[:4]) == 0xa9059cbb, "unknown function");
        (uint256 word, uint256 amount) = abi.decode(data[4:], (uint256, uint256));
        address to = address(uint160(word));
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        return abi.encode(true);
    }
}
