use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// One control of a [`FormPage`]. `kind` is "text", "date", "select", "checkboxes", "radios" or "textarea"; the
/// fields a kind does not use stay empty. Forms are data so every form in Concord shares
/// one template and behaves the same way (error summary, hints, date inputs).
#[derive(Debug, Clone, Default)]
pub struct FormField {
    pub kind: &'static str,
    pub name: String,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub day: String,
    pub month: String,
    pub year: String,
    pub options: Vec<SelectOption>,
    pub width: String,
    pub autocomplete: String,
}

impl FormField {
    pub fn text(name: &str, label: &str, value: &str) -> Self {
        Self {
            kind: "text",
            name: name.into(),
            label: label.into(),
            value: value.into(),
            ..Self::default()
        }
    }

    pub fn date(name: &str, label: &str, day: &str, month: &str, year: &str) -> Self {
        Self {
            kind: "date",
            name: name.into(),
            label: label.into(),
            day: day.into(),
            month: month.into(),
            year: year.into(),
            ..Self::default()
        }
    }

    pub fn select(name: &str, label: &str, options: Vec<SelectOption>) -> Self {
        Self {
            kind: "select",
            name: name.into(),
            label: label.into(),
            options,
            ..Self::default()
        }
    }

    /// Several boxes, one per option; each is posted as `{name}.{value}=yes`.
    pub fn checkboxes(name: &str, legend: &str, options: Vec<SelectOption>) -> Self {
        Self {
            kind: "checkboxes",
            name: name.into(),
            label: legend.into(),
            options,
            ..Self::default()
        }
    }

    /// One choice of a few short options, shown side by side.
    pub fn radios(name: &str, legend: &str, options: Vec<SelectOption>) -> Self {
        Self {
            kind: "radios",
            name: name.into(),
            label: legend.into(),
            options,
            ..Self::default()
        }
    }

    pub fn textarea(name: &str, label: &str, value: &str) -> Self {
        Self {
            kind: "textarea",
            name: name.into(),
            label: label.into(),
            value: value.into(),
            ..Self::default()
        }
    }

    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = hint.into();
        self
    }

    pub fn width(mut self, width: &str) -> Self {
        self.width = width.into();
        self
    }
}

#[derive(Debug, Template)]
#[template(path = "shared/form.html")]
pub struct FormPage {
    pub shell: Shell,
    /// The person the form is about, shown above the heading (empty for none).
    pub caption: String,
    pub heading: String,
    /// Paragraphs shown under the heading (what the form does, its consequences).
    pub intro: Vec<String>,
    pub action: String,
    pub fields: Vec<FormField>,
    pub hidden: Vec<(String, String)>,
    pub submit_label: String,
    pub cancel_href: String,
    pub errors: FormErrors,
    /// Existing records the new one may duplicate, (link, description): the user opens
    /// one, or confirms this is someone new.
    pub possible_matches: Vec<(String, String)>,
}
