-- A licence's reporting instructions (issue 24): the first appointment the person must
-- keep after release — with whom, when, where, and the number to ring — printed on the
-- licence he signs. One a licence version; a variation starts with its parent's.
CREATE TABLE licence_appointment (
    licence_version_id UUID PRIMARY KEY REFERENCES licence(id),
    person_id UUID NOT NULL REFERENCES person(id),
    with_whom TEXT NOT NULL,
    on_date DATE NOT NULL,
    at_time TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    set_by UUID NOT NULL REFERENCES app_user(id),
    set_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX licence_appointment_person ON licence_appointment (person_id);
