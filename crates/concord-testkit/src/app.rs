//! A seeded [`App`] for one test: agencies and staff (all with [`PASSWORD`]) added through
//! the use cases, and each member of staff's [`Actor`] by username.

use concord_app::{App, AppSettings, Clock, NewUser};
use concord_authz::Actor;
use concord_domain::AgencyKind;

use crate::TestDb;

/// The password of every account a test adds.
pub const PASSWORD: &str = "orange kettle harbour";

/// A new account with one role, no team and no email, signing in with [`PASSWORD`].
pub fn new_user(username: &str, display_name: &str, agency: &str, role: &str) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: display_name.into(),
        email: None,
        password: PASSWORD.into(),
        agency_code: agency.into(),
        team_name: None,
        roles: vec![role.into()],
    }
}

/// An app over a test database, with the agencies and staff its builder added.
#[derive(Clone)]
pub struct TestApp {
    pub app: App,
    /// The database's engine ("sqlite" or "postgres"), for assertion messages.
    pub label: &'static str,
}

/// What [`TestApp::builder`] adds: agencies first, then users, each in the order given.
pub struct TestAppBuilder {
    app: TestApp,
    agencies: Vec<(String, String, AgencyKind, String)>,
    users: Vec<NewUser>,
}

impl TestApp {
    /// An app over `db` with this clock and these settings, to be seeded by the builder.
    pub fn builder(db: &TestDb, clock: Clock, settings: AppSettings) -> TestAppBuilder {
        TestAppBuilder {
            app: TestApp {
                app: App::new(db.db.clone(), clock, settings),
                label: db.label,
            },
            agencies: vec![],
            users: vec![],
        }
    }

    /// The actor of the user with this username (as a sign-in would load it).
    pub async fn actor(&self, username: &str) -> Actor {
        self.app
            .accounts()
            .actor_for_username(username)
            .await
            .unwrap_or_else(|e| panic!("{}: actor {username}: {e}", self.label))
    }

    /// Add a member of staff (see [`new_user`]).
    pub async fn add_user(&self, username: &str, display_name: &str, agency: &str, role: &str) {
        self.app
            .accounts()
            .add_user(new_user(username, display_name, agency, role))
            .await
            .unwrap_or_else(|e| panic!("{}: add user {username}: {e}", self.label));
    }
}

impl TestAppBuilder {
    pub fn agency(mut self, code: &str, name: &str, kind: AgencyKind, area: &str) -> Self {
        self.agencies
            .push((code.into(), name.into(), kind, area.into()));
        self
    }

    /// A member of staff of `agency` (its code) with one role (see [`new_user`]).
    pub fn user(mut self, username: &str, display_name: &str, agency: &str, role: &str) -> Self {
        self.users
            .push(new_user(username, display_name, agency, role));
        self
    }

    /// Add the agencies, then the users, through the app's use cases.
    pub async fn build(self) -> TestApp {
        let t = self.app;
        for (code, name, kind, area) in self.agencies {
            t.app
                .accounts()
                .add_agency(&code, &name, kind, &area)
                .await
                .unwrap_or_else(|e| panic!("{}: add agency {code}: {e}", t.label));
        }
        for u in self.users {
            let name = u.username.clone();
            t.app
                .accounts()
                .add_user(u)
                .await
                .unwrap_or_else(|e| panic!("{}: add user {name}: {e}", t.label));
        }
        t
    }
}
