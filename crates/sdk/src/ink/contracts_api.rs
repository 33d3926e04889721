//! The SCALE shapes of pallet-contracts' runtime API (`ContractsApi_call`,
//! `ContractsApi_instantiate`) that a client encodes and decodes, mirrored here so that the SDK
//! reads a node's answers without compiling the pallet itself. Each mirrors the type of
//! `pallet_contracts::primitives` (v31, the version `ink_sandbox` 5.1 runs) field for field and
//! variant for variant: the encoding is positional, so the order is the contract.

use tokenrail_ink::scale::{self, Decode, Encode};

use super::AccountId32;

/// The code an instantiation uses (`Code<Hash>`).
#[derive(Encode)]
#[codec(crate = scale)]
pub(crate) enum Code {
    /// A wasm module, stored with the instantiation.
    Upload(Vec<u8>),
    /// The hash of code the chain stores already.
    Existing([u8; 32]),
}

/// Balance charged or refunded for storage (`StorageDeposit<Balance>`; `Refund` is variant 0).
#[derive(Decode, Clone, Copy, Debug, PartialEq, Eq)]
#[codec(crate = scale)]
pub(crate) enum StorageDeposit {
    /// The call freed storage; the deposit went back to the origin.
    Refund(u128),
    /// The call took storage; the deposit came from the origin.
    Charge(u128),
}

/// What a contract returned (`ExecReturnValue`).
#[derive(Decode, Debug)]
#[codec(crate = scale)]
pub(crate) struct ExecReturnValue {
    /// `ReturnFlags` (bit 0: the contract reverted its state).
    pub flags: u32,
    /// The return buffer.
    pub data: Vec<u8>,
}

impl ExecReturnValue {
    /// `ReturnFlags::REVERT`.
    const REVERT: u32 = 0x0000_0001;

    /// Whether the contract reverted its state.
    pub fn did_revert(&self) -> bool {
        self.flags & Self::REVERT != 0
    }
}

/// What a constructor returned and the contract's address (`InstantiateReturnValue`).
#[derive(Decode, Debug)]
#[codec(crate = scale)]
pub(crate) struct InstantiateReturnValue {
    /// The constructor's output.
    pub result: ExecReturnValue,
    /// The new contract.
    #[allow(dead_code)]
    pub account_id: AccountId32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_deposit_variants_keep_the_pallets_order() {
        let refund = [0u8]
            .iter()
            .chain(&7u128.to_le_bytes())
            .copied()
            .collect::<Vec<_>>();
        let charge = [1u8]
            .iter()
            .chain(&7u128.to_le_bytes())
            .copied()
            .collect::<Vec<_>>();
        assert_eq!(
            StorageDeposit::decode(&mut &refund[..]).unwrap(),
            StorageDeposit::Refund(7)
        );
        assert_eq!(
            StorageDeposit::decode(&mut &charge[..]).unwrap(),
            StorageDeposit::Charge(7)
        );
    }

    #[test]
    fn code_encodes_as_the_pallets_enum() {
        assert_eq!(Code::Existing([9; 32]).encode()[0], 1);
        assert_eq!(Code::Upload(vec![1, 2]).encode(), vec![0, 8, 1, 2]);
    }

    #[test]
    fn revert_is_flag_bit_zero() {
        assert!(ExecReturnValue {
            flags: 1,
            data: vec![]
        }
        .did_revert());
        assert!(!ExecReturnValue {
            flags: 0,
            data: vec![]
        }
        .did_revert());
    }
}
