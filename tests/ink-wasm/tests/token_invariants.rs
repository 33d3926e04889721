//! Property test: random operation walks (`tokenrail_core::vectors::token_walk`) keep the spec's
//! invariants on the built ink! token and registry in pallet-contracts, and `can_transfer`
//! predicts every transfer's outcome.

mod token_common;

use proptest::prelude::*;
use token_common::Driver;
use tokenrail_core::vectors::token::Actor;
use tokenrail_core::vectors::token_walk::{check, set_up, walks, InvariantProbe, WALK_CAP};

impl InvariantProbe for Driver {
    fn is_eligible(&mut self, a: Actor) -> bool {
        let who = self.who(a);
        let (registry, admin) = (self.registry.clone(), self.who(Actor::Admin));
        self.chain
            .call(&registry, "is_eligible", who, &admin, 0)
            .value()
    }
}

proptest! {
    // Each case deploys two contracts and runs every step as real pallet-contracts calls.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_keep_the_invariants(steps in walks(30)) {
        let mut d = Driver::new(WALK_CAP);
        set_up(&mut d).map_err(TestCaseError::fail)?;
        check(&mut d, &steps).map_err(TestCaseError::fail)?;
    }
}
