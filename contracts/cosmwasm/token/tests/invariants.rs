//! Property test: random operation walks (`tokenrail_core::vectors::token_walk`) keep the spec's
//! invariants on the CosmWasm token, and `CanTransfer` predicts every transfer's outcome.

mod common;

use common::Chain;
use proptest::prelude::*;
use tokenrail_core::vectors::token::Actor;
use tokenrail_core::vectors::token_walk::{check, set_up, walks, InvariantProbe, WALK_CAP};

impl InvariantProbe for Chain {
    fn is_eligible(&mut self, a: Actor) -> bool {
        let msg = cw_registry::msg::QueryMsg::IsEligible {
            address: self.addr(a).to_string(),
        };
        self.app
            .wrap()
            .query_wasm_smart(&self.registry, &msg)
            .unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_keep_the_invariants(steps in walks(50)) {
        let mut c = Chain::new(WALK_CAP);
        set_up(&mut c).map_err(TestCaseError::fail)?;
        check(&mut c, &steps).map_err(TestCaseError::fail)?;
    }
}
