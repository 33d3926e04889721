//! A plain PSP22 token built on the `psp22` reference data structure
//! (Cardinal-Cryptography). It is the asset the ink! escrow is tested with and
//! the baseline its gas is compared against; the Tokenrail issuer token is a
//! separate contract.

#![cfg_attr(not(feature = "std"), no_std, no_main)]
// ink!'s code generation emits `unsafe` blocks (trait message dispatch); the contract's own
// code has none.
#![allow(unsafe_code)]

/// The PSP22 token contract.
#[ink::contract]
pub mod token {
    use ink::prelude::vec::Vec;
    use psp22::{PSP22Data, PSP22Error, PSP22Event, PSP22};

    /// Balances and allowances.
    #[ink(storage)]
    pub struct Token {
        data: PSP22Data,
    }

    impl Token {
        /// Mints `supply` to the deployer.
        #[ink(constructor)]
        pub fn new(supply: u128) -> Self {
            let (data, events) = PSP22Data::new(supply, Self::env().caller());
            let contract = Self { data };
            contract.emit_events(events);
            contract
        }

        fn emit_events(&self, events: Vec<PSP22Event>) {
            for event in events {
                match event {
                    PSP22Event::Transfer(e) => self.env().emit_event(e),
                    PSP22Event::Approval(e) => self.env().emit_event(e),
                }
            }
        }
    }

    impl PSP22 for Token {
        #[ink(message)]
        fn total_supply(&self) -> u128 {
            self.data.total_supply()
        }

        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u128 {
            self.data.balance_of(owner)
        }

        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> u128 {
            self.data.allowance(owner, spender)
        }

        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let events = self.data.transfer(self.env().caller(), to, value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: u128,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .transfer_from(self.env().caller(), from, to, value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
            let events = self.data.approve(self.env().caller(), spender, value)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn increase_allowance(
            &mut self,
            spender: AccountId,
            delta: u128,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .increase_allowance(self.env().caller(), spender, delta)?;
            self.emit_events(events);
            Ok(())
        }

        #[ink(message)]
        fn decrease_allowance(
            &mut self,
            spender: AccountId,
            delta: u128,
        ) -> Result<(), PSP22Error> {
            let events = self
                .data
                .decrease_allowance(self.env().caller(), spender, delta)?;
            self.emit_events(events);
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[ink::test]
        fn transfer_moves_balance() {
            let a = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>();
            let mut t = Token::new(100);
            t.transfer(a.bob, 40, Vec::new()).unwrap();
            assert_eq!(t.balance_of(a.alice), 60);
            assert_eq!(t.balance_of(a.bob), 40);
            assert_eq!(
                t.transfer(a.bob, 61, Vec::new()),
                Err(PSP22Error::InsufficientBalance)
            );
        }
    }
}
