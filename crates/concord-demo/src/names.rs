//! Fictional people's names, drawn from the mix of names found in Essex: British and
//! Irish, Polish and Romanian, South Asian, West African and Caribbean. Accents,
//! apostrophes, hyphens and spaces are deliberate: search and identity matching must cope
//! with "Zoë", "O'Brien", "Smith-Jones" and "Da Silva".

use super::rng::Rng;

pub(super) struct Heritage {
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    pub family: &'static [&'static str],
    pub weight: u64,
}

// Packed for reading: one name per line would run to hundreds of lines.
#[rustfmt::skip]
pub(super) const HERITAGES: [Heritage; 5] = [
    Heritage {
        male: &[
            "James", "John", "David", "Daniel", "Michael", "Paul", "Mark", "Lee", "Craig", "Dean", "Wayne", "Jason",
            "Stephen", "Gary", "Darren", "Kevin", "Ryan", "Jamie", "Liam", "Connor", "Kieran", "Jack", "Callum",
            "Thomas", "Harry", "Alfie", "George", "Sean", "Seán", "Aidan", "Christopher", "Matthew", "Anthony",
            "Scott", "Ben", "Tyler", "Reece", "Brandon", "Shane", "Terry", "Barry", "Keith", "Colin", "Ross",
            "Nathan", "Jordan", "Luke", "Adam", "Stuart", "Billy", "Eoin", "Declan", "Rhys",
        ],
        female: &[
            "Sarah", "Emma", "Claire", "Kelly", "Lisa", "Michelle", "Nicola", "Gemma", "Stacey", "Chloe", "Chloë",
            "Zoë", "Zoe", "Jade", "Amy", "Hayley", "Danielle", "Leanne", "Kirsty", "Shannon", "Megan", "Siobhán",
            "Niamh", "Aoife", "Róisín", "Renée", "Tracey", "Donna", "Karen", "Julie", "Louise", "Charlotte",
            "Sophie", "Lauren", "Kayleigh", "Jodie",
        ],
        family: &[
            "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
            "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
            "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill", "Scott", "Cooper",
            "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison", "Morgan", "Patterson", "Young",
            "Allen", "Mitchell", "Kelly", "O'Brien", "O'Connor", "O'Neill", "Murphy", "McAllister", "McCarthy",
            "MacDonald", "Smith-Jones", "Hughes-Patterson", "Fitzgerald", "Doyle", "Byrne", "Gallagher", "Sullivan",
            "Barker", "Chapman", "Fletcher", "Palmer", "Webb", "Pearce", "Saunders", "Knight", "Payne", "Chambers",
            "Marsh", "Nicholls", "Stevens", "Hammond", "Dunn", "Osborne", "Spencer", "Lowe", "Barnes", "Cole",
            "Lambert", "Whitmore", "Frost", "Brennan", "Quinn", "Cunningham-Reid", "Ashby", "Pryor", "Tillbrook",
        ],
        weight: 72,
    },
    Heritage {
        male: &[
            "Łukasz", "Paweł", "Piotr", "Tomasz", "Krzysztof", "Marcin", "Jakub", "Andrzej", "Mateusz", "Ionuț",
            "Andrei", "Mihai", "Florin", "Bogdan", "Tomas", "Mantas", "Darius", "Zoltán",
        ],
        female: &[
            "Agnieszka", "Katarzyna", "Małgorzata", "Joanna", "Magdalena", "Ioana", "Elena", "Andreea", "Dóra",
            "Rūta",
        ],
        family: &[
            "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
            "Popescu", "Ionescu", "Dumitru", "Stoica", "Kazlauskas", "Petrauskas", "Horváth", "Nagy",
        ],
        weight: 9,
    },
    Heritage {
        male: &[
            "Mohammed", "Imran", "Asif", "Tariq", "Sanjay", "Rajesh", "Amir", "Bilal", "Hassan",
            "Zain", "Rahul", "Kamran",
        ],
        female: &[
            "Aisha", "Fatima", "Priya", "Nadia", "Sana", "Amira", "Shabana", "Anjali",
        ],
        family: &[
            "Begum", "Khan", "Ahmed", "Hussain", "Patel", "Chowdhury", "Mahmood", "Iqbal", "Ali", "Sharma", "Singh",
            "D'Souza", "Rahman",
        ],
        weight: 8,
    },
    Heritage {
        male: &[
            "Chinedu", "Emeka", "Kwame", "Kofi", "Tunde", "Olumide", "Marcus", "Andre", "Delroy",
            "Tyrone", "Jermaine", "Kemar",
        ],
        female: &[
            "Adaeze", "Ngozi", "Abena", "Folake", "Shanice", "Tanisha", "Keisha", "Precious",
        ],
        family: &[
            "Okafor", "Adeyemi", "Mensah", "Owusu", "Okonkwo", "Boateng", "Campbell", "Francis", "Grant",
            "Thompson-Baptiste", "Asante", "Oduya",
        ],
        weight: 8,
    },
    Heritage {
        male: &[
            "José", "João", "Tiago", "Luís", "Mehmet", "Emre", "Giorgos", "Nikos",
        ],
        female: &["Inês", "Ana", "Beatriz", "Elif", "Eleni"],
        family: &[
            "Da Silva", "Ferreira", "Santos", "Costa", "Yılmaz", "Demir", "Papadopoulos", "Van der Berg",
        ],
        weight: 3,
    },
];

/// Familiar forms people give the police instead of their registered name.
#[rustfmt::skip]
const NICKNAMES: &[(&str, &str)] = &[
    ("James", "Jim"), ("John", "Johnny"), ("David", "Dave"), ("Daniel", "Danny"), ("Michael", "Mick"),
    ("Stephen", "Steve"), ("Christopher", "Chris"), ("Matthew", "Matt"), ("Anthony", "Tony"), ("Thomas", "Tommy"),
    ("Kevin", "Kev"), ("Terry", "Tel"), ("William", "Billy"), ("Nathan", "Nate"), ("Jonathan", "Jon"),
    ("Benjamin", "Ben"), ("Nicola", "Nicky"), ("Rebecca", "Becky"), ("Danielle", "Dani"), ("Charlotte", "Lottie"),
    ("Katarzyna", "Kasia"), ("Małgorzata", "Gosia"), ("Mohammed", "Mo"), ("Łukasz", "Luke"), ("Paweł", "Paul"),
    ("Piotr", "Peter"), ("Jakub", "Kuba"), ("Andrei", "Andy"), ("Emeka", "Mek"), ("Olumide", "Olu"),
    ("Callum", "Cal"), ("Jordan", "Jord"), ("Lisa", "Lise"), ("Sarah", "Sal"),
];

/// The nickname for a given name, if it has a common one.
pub(super) fn nickname(given: &str) -> Option<&'static str> {
    NICKNAMES.iter().find(|(g, _)| *g == given).map(|(_, n)| *n)
}

/// A plausible mis-keying of a family name, as found on another agency's record:
/// punctuation dropped, a double letter halved, a common spelling swapped.
pub(super) fn misspelling(family: &str) -> Option<String> {
    if family.contains('\'') {
        return Some(family.replace('\'', ""));
    }
    if let Some((first, _)) = family.split_once('-') {
        return Some(first.to_string());
    }
    const SWAPS: &[(&str, &str)] = &[
        ("Mc", "Mac"),
        ("Mac", "Mc"),
        ("son", "sen"),
        ("ey", "y"),
        ("ie", "y"),
        ("ll", "l"),
        ("tt", "t"),
        ("mm", "m"),
        ("nn", "n"),
        ("rr", "r"),
        ("ck", "k"),
        ("ph", "f"),
        ("ski", "sky"),
        ("th", "t"),
        ("ai", "ay"),
        ("ow", "ou"),
        ("ei", "ie"),
        ("ś", "s"),
        ("ń", "n"),
        ("ó", "o"),
        ("y", "i"),
    ];
    SWAPS
        .iter()
        .find(|(from, _)| family.contains(from))
        .map(|(from, to)| family.replacen(from, to, 1))
}

/// A woman's earlier family name (maiden or former married name).
pub(super) fn former_family_name(
    rng: &mut Rng,
    heritage: &Heritage,
    current: &str,
) -> &'static str {
    for _ in 0..4 {
        let candidate = rng.pick(heritage.family);
        if *candidate != current {
            return candidate;
        }
    }
    "Marshall"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_name_is_a_valid_name() {
        for h in &HERITAGES {
            for name in h.male.iter().chain(h.female).chain(h.family) {
                assert!(
                    concord_domain::PersonName::parse(name, "", name).is_ok(),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn misspellings_differ_from_the_name() {
        for h in &HERITAGES {
            for name in h.family {
                if let Some(m) = misspelling(name) {
                    assert_ne!(&m, name);
                    assert!(!m.trim().is_empty());
                }
            }
        }
        assert_eq!(misspelling("O'Brien").as_deref(), Some("OBrien"));
        assert_eq!(misspelling("Smith-Jones").as_deref(), Some("Smith"));
    }
}
