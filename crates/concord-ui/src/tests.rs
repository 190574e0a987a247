use askama::Template;

use crate::*;

fn signed_in_shell() -> Shell {
    Shell {
        signed_in: Some(SignedIn {
            display_name: "Sam Jones".into(),
            agency_name: "Probation Service".into(),
        }),
        nav: vec![
            NavItem {
                href: "/caseload".into(),
                label: "Caseload".into(),
                active: true,
            },
            NavItem {
                href: "/referrals".into(),
                label: "Referrals".into(),
                active: false,
            },
        ],
        csrf_token: "tok123".into(),
        page_title: "Page not found".into(),
        session_timeout: Some(SessionTimeout {
            idle_minutes: 30,
            seconds_left: 1795,
        }),
        tabs: Default::default(),
        key_facts: None,
    }
}

fn sign_in_page() -> String {
    let mut errors = FormErrors::new();
    errors.push("username", "Enter your username");
    SignInPage {
        shell: Shell {
            page_title: "Sign in".into(),
            ..Shell::default()
        },
        username: "\"><script>alert(1)</script>".into(),
        errors,
        next: "/caseload".into(),
        signed_out_after: None,
        providers: vec![],
        notice: None,
    }
    .render()
    .unwrap()
}

fn error_page() -> String {
    ErrorPage {
        shell: signed_in_shell(),
        heading: "Page not found".into(),
        body: "If you typed the web address, check it is correct.".into(),
    }
    .render()
    .unwrap()
}

/// Values of `attr="..."` wherever it occurs.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect()
}

#[test]
fn every_page_is_marked_official_sensitive_at_top_and_bottom() {
    for html in [sign_in_page(), error_page()] {
        assert_eq!(
            html.matches("class=\"concord-security-marking\"").count(),
            2
        );
        // Twice in the body, once in the title.
        assert_eq!(html.matches(SECURITY_MARKING).count(), 3);
        let body = &html[html.find("<body").unwrap()..];
        let first = body.find(SECURITY_MARKING).unwrap();
        assert!(first < body.find("govuk-generic-header").unwrap());
        assert!(body.rfind(SECURITY_MARKING).unwrap() > body.find("govuk-footer").unwrap());
    }
}

#[test]
fn pages_have_no_inline_script_or_style_for_the_csp() {
    for html in [sign_in_page(), error_page()] {
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            assert!(tag.contains(" src=\"/assets/"), "inline script: {tag}");
        }
        assert!(!html.contains(" style="));
        assert!(!html.contains("<style"));
        let handler = html.match_indices(" on").find(|(i, _)| {
            let name = &html[i + 3..];
            let len = name.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(0);
            len > 0 && name[len..].starts_with("=\"")
        });
        assert!(handler.is_none(), "inline event handler");
    }
}

#[test]
fn every_asset_the_layout_references_is_served() {
    for html in [sign_in_page(), error_page()] {
        let urls: Vec<_> = attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
            .filter(|url| url.starts_with("/assets/"))
            .collect();
        assert!(urls.len() >= 5, "expected CSS, JS and icons: {urls:?}");
        for url in urls {
            assert!(asset(url).is_some(), "layout refers to missing {url}");
        }
    }
}

#[test]
fn every_url_in_the_served_css_resolves_to_an_asset() {
    let mut checked = 0;
    for css in assets()
        .iter()
        .filter(|a| a.content_type.starts_with("text/css"))
    {
        let text = std::str::from_utf8(css.bytes).unwrap();
        for (i, _) in text.match_indices("url(") {
            let rest = &text[i + 4..];
            let url = rest[..rest.find(')').unwrap()].trim_matches(|c| c == '"' || c == '\'');
            if url.starts_with("/assets") {
                let path = url.split(['?', '#']).next().unwrap();
                assert!(
                    asset(path).is_some(),
                    "{} refers to missing {url}",
                    css.path
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0,
        "expected the fonts and images to be referenced"
    );
}

#[test]
fn concord_js_imports_only_served_modules() {
    let js = std::str::from_utf8(asset("/assets/concord.js").unwrap().bytes).unwrap();
    let imports: Vec<_> = js
        .lines()
        .filter_map(|l| l.strip_prefix("import ")?.split("from './").nth(1))
        .map(|rest| format!("/assets/{}", rest.trim_end_matches('\'')))
        .collect();
    assert_eq!(imports.len(), 2);
    for path in imports {
        assert!(asset(&path).is_some(), "concord.js imports missing {path}");
    }
}

#[test]
fn assets_are_sorted_typed_and_tagged() {
    let all = assets();
    assert!(all.windows(2).all(|w| w[0].path < w[1].path));
    let font = asset("/assets/fonts/bold-b542beb274-v2.woff2").unwrap();
    assert_eq!(font.content_type, "font/woff2");
    assert!(font.etag.starts_with('"') && font.etag.ends_with('"'));
    for name in ["govuk-frontend.min.js", "moj-frontend.min.js", "concord.js"] {
        let js = asset(&format!("/assets/{name}")).unwrap();
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
    }
    assert!(asset("/assets/manifest.json").is_some());
    assert!(asset("/assets/../Cargo.toml").is_none());
    assert!(asset("/assets/").is_none());
}

#[test]
fn sign_in_page_shows_errors_and_escapes_what_was_typed() {
    let html = sign_in_page();
    assert!(html.contains("<title>Error: Sign in – Concord – OFFICIAL-SENSITIVE</title>"));
    assert!(html.contains("data-module=\"govuk-error-summary\""));
    assert!(html.contains("<a href=\"#username\">Enter your username</a>"));
    assert!(html.contains("govuk-form-group govuk-form-group--error"));
    assert!(html.contains("aria-describedby=\"username-error\""));
    assert!(html.contains("type=\"password\" value=\"\" autocomplete=\"current-password\""));
    assert!(html.contains("name=\"next\" value=\"/caseload\""));
    assert!(!html.contains("<script>alert"));
    // Signed out: no navigation and no sign-out form.
    assert!(!html.contains("/sign-out"));
}

#[test]
fn signed_in_layout_shows_user_navigation_and_sign_out_form() {
    let html = error_page();
    assert!(html.contains("Sam Jones, Probation Service"));
    assert!(html.contains("method=\"post\" action=\"/sign-out\""));
    assert!(html.contains("name=\"csrf_token\" value=\"tok123\""));
    assert!(html.contains("href=\"/caseload\" aria-current=\"page\""));
    assert!(html.contains("<title>Page not found – Concord – OFFICIAL-SENSITIVE</title>"));
}

#[test]
fn signed_in_pages_carry_the_session_timeout_and_a_closed_warning_dialog() {
    let html = error_page();
    assert!(html.contains(
        "<body class=\"govuk-template__body\" data-session-idle-minutes=\"30\" data-session-seconds-left=\"1795\">"
    ));
    assert!(html.contains("<script type=\"module\" src=\"/assets/session-timeout.js\"></script>"));
    assert!(html.contains("role=\"alertdialog\""));
    assert!(
        !html.contains("<dialog open"),
        "the warning must start closed"
    );
    // Its "Sign out" submits the header's CSRF-protected form.
    assert!(html.contains("<form class=\"concord-user__form\" id=\"sign-out\""));
    assert!(html.contains("form=\"sign-out\">Sign out</button>"));
}

#[test]
fn signed_out_pages_have_no_timeout_warning() {
    let html = sign_in_page();
    assert!(html.contains("<body class=\"govuk-template__body\">"));
    assert!(!html.contains("session-timeout"));
}

#[test]
fn sign_in_page_says_when_the_user_was_signed_out_for_inactivity() {
    let html = SignInPage {
        shell: Shell::default(),
        username: String::new(),
        errors: FormErrors::new(),
        next: "/cases".into(),
        signed_out_after: Some("30 minutes".into()),
        providers: vec![],
        notice: None,
    }
    .render()
    .unwrap();
    assert!(html.contains("You were signed out after 30 minutes without activity."));
    assert!(!sign_in_page().contains("You were signed out"));
}

#[test]
fn sign_in_page_offers_each_single_sign_on_provider_and_says_what_became_of_a_sign_in() {
    let html = SignInPage {
        shell: Shell::default(),
        username: String::new(),
        errors: FormErrors::new(),
        next: "/cases".into(),
        signed_out_after: None,
        providers: vec![crate::SignInProvider {
            href: "/sign-in/sso/essex-police?next=%2Fcases".into(),
            label: "Essex Police <Entra ID>".into(),
        }],
        notice: Some(crate::SignInNotice {
            heading: "Your account is waiting to be activated".into(),
            body: "An administrator must activate it.".into(),
            success: false,
        }),
    }
    .render()
    .unwrap();
    assert!(
        html.contains(r#"href="/sign-in/sso/essex-police?next=%2Fcases""#),
        "{html}"
    );
    assert!(
        html.contains("Sign in with Essex Police &#60;Entra ID&#62;"),
        "{html}"
    );
    assert!(html.contains("Your account is waiting to be activated"));
    assert!(!sign_in_page().contains("Sign in with"));
}

#[derive(Template)]
#[template(
    ext = "html",
    source = r#"{% import "shared/macros.html" as m -%}
{% call m::date_input("dob", "Date of birth", "31", "13", "1980", errors, hint = "For example, 31 3 1980") %}
{% call m::select("level", "MAPPA level", options, errors) %}
{% call m::textarea("notes", "Notes", "a < b", errors, rows = 3) %}
{% call m::warning_tag("Risk to children") %}"#
)]
struct MacroExamples {
    errors: FormErrors,
    options: Vec<SelectOption>,
}

#[test]
fn form_macros_follow_the_govuk_markup() {
    let mut errors = FormErrors::new();
    errors.push("dob-month", "Month must be between 1 and 12");
    errors.push("notes", "Notes must be 2000 characters or fewer");
    let html = MacroExamples {
        errors,
        options: vec![
            SelectOption::new("1", "Level 1", false),
            SelectOption::new("2", "Level 2", true),
        ],
    }
    .render()
    .unwrap();

    assert!(html.contains("aria-describedby=\"dob-hint dob-error\""));
    assert!(html.contains("Error:</span> Month must be between 1 and 12"));
    assert!(html
        .contains("govuk-input--width-2 govuk-input--error\" id=\"dob-month\" name=\"dob-month\""));
    assert!(html.contains("govuk-input--width-2\" id=\"dob-day\" name=\"dob-day\""));
    assert!(html.contains("name=\"dob-year\" type=\"text\" inputmode=\"numeric\" value=\"1980\""));
    assert!(html.contains("<option value=\"2\" selected>Level 2</option>"));
    assert!(html.contains("class=\"govuk-select\" id=\"level\" name=\"level\">"));
    assert!(html.contains("govuk-textarea govuk-textarea--error"));
    assert!(html.contains("rows=\"3\" aria-describedby=\"notes-error\">a &#60; b</textarea>"));
    assert!(html.contains(
        "<strong class=\"govuk-tag govuk-tag--red concord-warning-tag\">Risk to children</strong>"
    ));
}

#[test]
fn date_errors_match_the_whole_date_or_one_part_but_not_other_fields() {
    let mut errors = FormErrors::new();
    errors.push("dob_other", "Not a date part");
    assert_eq!(errors.for_date("dob"), None);
    assert!(!errors.date_part_has_error("dob", "day"));

    errors.push("dob", "Enter a date of birth");
    assert_eq!(errors.for_date("dob"), Some("Enter a date of birth"));
    assert!(["day", "month", "year"]
        .iter()
        .all(|part| errors.date_part_has_error("dob", part)));
    assert_eq!(errors.for_field("dob_other"), Some("Not a date part"));
}
