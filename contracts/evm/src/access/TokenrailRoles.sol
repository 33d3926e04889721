// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Tokenrail roles: one admin with a two-step transfer, and role sets it manages
/// @notice The shape `docs/spec/token.md` gives every Tokenrail permissioned contract: no role is
///         implicit (the deployer is the admin only), the admin grants and revokes roles, and
///         an admin change takes a proposal and the new admin's acceptance, so the contract is
///         never left without an admin.
abstract contract TokenrailRoles {
    /// @notice Code 1: `account` lacks `role` (`bytes32(0)` stands for the admin).
    error Unauthorized(address account, bytes32 role);
    /// @notice Code 20: `accept_admin` by an account that is not the pending admin.
    error NoPendingAdmin(address account);
    /// @notice Code 2: the zero address where an account is required.
    error InvalidAddress(address account);

    /// @notice `account` received `role`.
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed by);
    /// @notice `account` lost `role`.
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed by);
    /// @notice `proposed` may accept the admin role (`address(0)`: the proposal was cancelled).
    event AdminProposed(address indexed admin, address indexed proposed);
    /// @notice The admin role moved.
    event AdminTransferred(address indexed previous, address indexed admin);

    /// @notice The admin.
    address public admin;
    /// @notice The account that may accept the admin role, if any.
    address public pendingAdmin;
    mapping(bytes32 role => mapping(address account => bool)) private _roles;

    constructor(address initialAdmin) {
        if (initialAdmin == address(0)) revert InvalidAddress(initialAdmin);
        admin = initialAdmin;
        emit AdminTransferred(address(0), initialAdmin);
    }

    modifier onlyAdmin() {
        if (msg.sender != admin) revert Unauthorized(msg.sender, bytes32(0));
        _;
    }

    modifier onlyRole(bytes32 role) {
        if (!_roles[role][msg.sender]) revert Unauthorized(msg.sender, role);
        _;
    }

    /// @notice Whether `account` holds `role`.
    function hasRole(bytes32 role, address account) public view returns (bool) {
        return _roles[role][account];
    }

    /// @notice Grants `role` to `account` (admin only; granting a held role changes nothing).
    /// @param role The role.
    /// @param account Who receives it.
    function grantRole(bytes32 role, address account) external onlyAdmin {
        if (account == address(0)) revert InvalidAddress(account);
        if (!_roles[role][account]) {
            _roles[role][account] = true;
            emit RoleGranted(role, account, msg.sender);
        }
    }

    /// @notice Revokes `role` from `account` (admin only; revoking a missing role changes
    ///         nothing).
    /// @param role The role.
    /// @param account Who loses it.
    function revokeRole(bytes32 role, address account) external onlyAdmin {
        if (_roles[role][account]) {
            _roles[role][account] = false;
            emit RoleRevoked(role, account, msg.sender);
        }
    }

    /// @notice Proposes `proposed` as the next admin; `address(0)` cancels a proposal.
    /// @param proposed The account that may accept.
    function proposeAdmin(address proposed) external onlyAdmin {
        pendingAdmin = proposed;
        emit AdminProposed(msg.sender, proposed);
    }

    /// @notice The proposed admin takes the role.
    function acceptAdmin() external {
        if (msg.sender != pendingAdmin || msg.sender == address(0)) {
            revert NoPendingAdmin(msg.sender);
        }
        emit AdminTransferred(admin, msg.sender);
        admin = msg.sender;
        pendingAdmin = address(0);
    }
}
