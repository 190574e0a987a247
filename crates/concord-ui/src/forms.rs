/// One validation failure, shown in the error summary and next to its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorItem {
    /// The `id` of the input to focus: the field name, or `{field}-day` (etc.) to point at
    /// one part of a date.
    pub field: String,
    pub message: String,
}

/// The validation failures of one form submission, in page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    pub items: Vec<ErrorItem>,
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.items.push(ErrorItem {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The first message for `field`, for the error message beside the input.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// The first message for a date input: the whole date or any of its parts.
    pub fn for_date(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|e| {
                e.field
                    .strip_prefix(field)
                    .is_some_and(|rest| matches!(rest, "" | "-day" | "-month" | "-year"))
            })
            .map(|e| e.message.as_str())
    }

    /// Whether one part of a date (`day`, `month`, `year`) should be highlighted: GOV.UK
    /// highlights only the wrong part, or every part when the whole date is wrong.
    pub fn date_part_has_error(&self, field: &str, part: &str) -> bool {
        self.items.iter().any(|e| {
            e.field
                .strip_prefix(field)
                .is_some_and(|rest| rest.is_empty() || rest.strip_prefix('-') == Some(part))
        })
    }
}

/// One `<option>` of a select.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl SelectOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}
