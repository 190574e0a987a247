//! The likeness register is rebuilt in the background when the register changes (issue
//! 19): a search never waits for a rebuild once the node has one, and a person registered
//! meanwhile is found by likeness as soon as the rebuild is done.

use std::time::Duration;

use crate::identify::{data_quality_officer, load_both};
use crate::support::*;

#[tokio::test]
async fn a_person_registered_after_the_likeness_register_was_built_is_found_once_it_is_rebuilt() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dq = data_quality_officer(&w).await;
        load_both(&w, &dq).await;
        w.app.identify().find_duplicates(&dq, &()).await.unwrap();
        // The node's first likeness search builds the register.
        w.app
            .people()
            .search_persons(&w.om, "someone")
            .await
            .unwrap();

        w.app
            .people()
            .register_person(&w.ppo, &person("Jonathan", "Quiggleton", ymd(1984, 3, 9)))
            .await
            .unwrap();
        let found = async || {
            w.app
                .people()
                .search_persons(&w.om, "Jonathan Quigleton")
                .await
                .unwrap()
                .hits
                .iter()
                .any(|h| h.name.contains("Quiggleton") && h.likeness.is_some())
        };
        // The first search after the change is answered from the register as it was (it
        // does not wait for the rebuild it starts); within seconds the new person is there.
        assert!(
            !found().await,
            "{}: the first search waited for a rebuild",
            t.label
        );
        let mut waited = Duration::ZERO;
        while !found().await {
            assert!(
                waited < Duration::from_secs(30),
                "{}: never found by likeness after the rebuild",
                t.label
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += Duration::from_millis(100);
        }
        t.finish().await;
    }
}
