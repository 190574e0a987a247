//! The word lists of the synthetic register. Surnames are skewed as a real register's
//! are: a head of common British names with roughly their frequency in England and Wales
//! (per 100,000 people), names of the other communities in Essex, a long tail of
//! compound English-sounding names, and a very long tail of three-part names that most
//! often belong to one person or none, so a search for a rare surname finds one or two.

/// (surname, people per 100,000).
#[rustfmt::skip]
pub const COMMON_SURNAMES: &[(&str, f64)] = &[
    ("Smith", 1260.0), ("Jones", 940.0), ("Williams", 630.0), ("Taylor", 570.0), ("Brown", 560.0),
    ("Davies", 480.0), ("Evans", 380.0), ("Wilson", 370.0), ("Thomas", 330.0), ("Johnson", 330.0),
    ("Roberts", 320.0), ("Robinson", 300.0), ("Thompson", 300.0), ("Wright", 300.0), ("Walker", 290.0),
    ("White", 280.0), ("Edwards", 260.0), ("Hughes", 260.0), ("Green", 260.0), ("Hall", 250.0),
    ("Lewis", 240.0), ("Harris", 240.0), ("Clarke", 230.0), ("Patel", 230.0), ("Jackson", 220.0),
    ("Wood", 220.0), ("Turner", 210.0), ("Martin", 210.0), ("Cooper", 200.0), ("Hill", 200.0),
    ("Ward", 200.0), ("Morris", 200.0), ("Moore", 190.0), ("Clark", 190.0), ("Lee", 190.0),
    ("King", 190.0), ("Baker", 180.0), ("Harrison", 180.0), ("Morgan", 180.0), ("Allen", 170.0),
    ("James", 170.0), ("Scott", 170.0), ("Phillips", 170.0), ("Watson", 160.0), ("Davis", 160.0),
    ("Parker", 160.0), ("Price", 160.0), ("Bennett", 160.0), ("Young", 150.0), ("Griffiths", 150.0),
    ("Mitchell", 150.0), ("Kelly", 150.0), ("Cook", 150.0), ("Carter", 150.0), ("Richardson", 150.0),
    ("Bailey", 150.0), ("Collins", 150.0), ("Bell", 140.0), ("Shaw", 140.0), ("Murphy", 140.0),
    ("Miller", 140.0), ("Cox", 140.0), ("Richards", 140.0), ("Khan", 140.0), ("Marshall", 140.0),
    ("Anderson", 130.0), ("Simpson", 130.0), ("Ellis", 130.0), ("Adams", 130.0), ("Singh", 130.0),
    ("Begum", 130.0), ("Wilkinson", 130.0), ("Foster", 130.0), ("Chapman", 130.0), ("Powell", 130.0),
    ("Webb", 120.0), ("Rogers", 120.0), ("Gray", 120.0), ("Mason", 120.0), ("Ali", 120.0),
    ("Hunt", 120.0), ("Hussain", 120.0), ("Campbell", 120.0), ("Matthews", 120.0), ("Owen", 120.0),
    ("Palmer", 120.0), ("Holmes", 110.0), ("Mills", 110.0), ("Barnes", 110.0), ("Knight", 110.0),
    ("Lloyd", 110.0), ("Butler", 110.0), ("Russell", 110.0), ("Barker", 110.0), ("Fisher", 110.0),
    ("Stevens", 110.0), ("Jenkins", 110.0), ("Murray", 110.0), ("Dixon", 110.0), ("Harvey", 110.0),
    // Irish, with the apostrophes and hyphens search must cope with.
    ("O'Brien", 60.0), ("O'Connor", 50.0), ("O'Neill", 45.0), ("McCarthy", 40.0), ("Fitzgerald", 35.0),
    ("Doyle", 40.0), ("Byrne", 40.0), ("Gallagher", 35.0), ("Smith-Jones", 4.0), ("Hughes-Patterson", 2.0),
    // Polish, Romanian, Lithuanian: accents fold to plain letters in search.
    ("Nowak", 30.0), ("Kowalski", 25.0), ("Wiśniewski", 20.0), ("Wójcik", 18.0), ("Kamiński", 15.0),
    ("Lewandowski", 15.0), ("Zieliński", 12.0), ("Popescu", 20.0), ("Ionescu", 15.0), ("Dumitru", 12.0),
    ("Kazlauskas", 10.0), ("Petrauskas", 8.0),
    // South Asian, West African, Caribbean, Portuguese.
    ("Ahmed", 90.0), ("Rahman", 60.0), ("Kaur", 60.0), ("Mohammed", 70.0), ("Sharma", 30.0),
    ("Chaudhry", 20.0), ("Okafor", 20.0), ("Adeyemi", 18.0), ("Mensah", 18.0), ("Owusu", 15.0),
    ("Boateng", 12.0), ("Da Silva", 20.0), ("Dos Santos", 12.0), ("Pereira", 15.0), ("Campbell-Brown", 3.0),
];

/// First halves of the compound tail surnames ("Ash" + "ford").
#[rustfmt::skip]
pub const SURNAME_HEADS: &[&str] = &[
    "Ash", "Brack", "Carl", "Dun", "Eld", "Fen", "Gar", "Hart", "Kings", "Lang", "Mar", "North",
    "Pen", "Ros", "Stan", "Thorn", "Wal", "Whit", "Wood", "Ald", "Bar", "Brad", "Brom", "Chad",
    "Chis", "Cran", "Dal", "Dar", "Earn", "Ever", "Fair", "Far", "Gold", "Grant", "Ham", "Hay",
    "Hol", "Hunt", "Kel", "Ken", "Lid", "Lind", "Lock", "Mal", "Mel", "Mid", "Mor", "Nor",
    "Oak", "Pad", "Pem", "Pick", "Rad", "Rain", "Red", "Rid", "Rock", "Rush", "Sal", "Sand",
    "Sel", "Shel", "Shir", "Stock", "Sud", "Sum", "Tad", "Tem", "Thack", "Til", "Tor", "Up",
    "Wad", "Wat", "Wel", "West", "Wil", "Win", "Wor", "Yar",
];

/// Joining syllables of the three-part tail ("Ash" + "en" + "ford").
pub const SURNAME_MIDDLES: &[&str] = &["en", "er", "ing", "le", "am", "ow", "ar", "el", "is", "on"];

/// Second halves of the compound tail surnames.
#[rustfmt::skip]
pub const SURNAME_TAILS: &[&str] = &[
    "ley", "ton", "ford", "well", "by", "combe", "field", "wood", "worth", "ham", "more", "den",
    "stead", "bury", "croft", "hurst", "wick", "sby", "bridge", "brook", "cote", "dale", "don", "er",
    "ett", "gate", "grave", "hall", "hay", "holme", "house", "land", "lake", "low", "man", "mere",
    "mill", "mond", "ney", "ridge", "rigg", "shaw", "side", "stone", "thorpe", "thwaite", "vale", "ville",
    "ward", "water", "way", "wen", "win", "wright", "yard", "acre", "borne", "castle", "church", "cliffe",
];

/// (forename, relative weight): a few very common, then a tail.
#[rustfmt::skip]
pub const MALE_FORENAMES: &[(&str, f64)] = &[
    ("David", 300.0), ("John", 290.0), ("Paul", 250.0), ("Mark", 240.0), ("Michael", 240.0),
    ("James", 230.0), ("Daniel", 200.0), ("Christopher", 190.0), ("Andrew", 180.0), ("Lee", 170.0),
    ("Stephen", 160.0), ("Darren", 150.0), ("Craig", 140.0), ("Thomas", 140.0), ("Ryan", 140.0),
    ("Matthew", 130.0), ("Jason", 130.0), ("Gary", 120.0), ("Dean", 120.0), ("Wayne", 110.0),
    ("Kevin", 110.0), ("Anthony", 110.0), ("Scott", 100.0), ("Liam", 100.0), ("Jamie", 100.0),
    ("Robert", 100.0), ("Richard", 90.0), ("Peter", 90.0), ("Jack", 90.0), ("Connor", 80.0),
    ("Kieran", 70.0), ("Callum", 70.0), ("Nathan", 70.0), ("Jordan", 70.0), ("Luke", 70.0),
    ("Adam", 70.0), ("Shane", 60.0), ("Terry", 50.0), ("Barry", 50.0), ("Keith", 50.0),
    ("Colin", 40.0), ("Ross", 40.0), ("Stuart", 40.0), ("Billy", 40.0), ("Harry", 40.0),
    ("Alfie", 30.0), ("George", 40.0), ("Sean", 40.0), ("Seán", 10.0), ("Aidan", 20.0),
    ("Tyler", 30.0), ("Reece", 30.0), ("Brandon", 30.0), ("Declan", 20.0), ("Rhys", 20.0),
    ("Łukasz", 15.0), ("Paweł", 12.0), ("Piotr", 12.0), ("Tomasz", 12.0), ("Krzysztof", 10.0),
    ("Andrei", 12.0), ("Mihai", 8.0), ("Ionuț", 6.0), ("Mantas", 5.0), ("Mohammed", 40.0),
    ("Imran", 20.0), ("Tariq", 12.0), ("Arjun", 8.0), ("Kwame", 8.0), ("Chidi", 6.0),
    ("Emeka", 6.0), ("Tunde", 6.0), ("Delroy", 6.0), ("Winston", 5.0), ("João", 5.0),
];

#[rustfmt::skip]
pub const FEMALE_FORENAMES: &[(&str, f64)] = &[
    ("Sarah", 200.0), ("Emma", 160.0), ("Claire", 150.0), ("Kelly", 150.0), ("Lisa", 140.0),
    ("Michelle", 140.0), ("Nicola", 120.0), ("Gemma", 110.0), ("Stacey", 100.0), ("Donna", 90.0),
    ("Karen", 90.0), ("Tracey", 80.0), ("Julie", 80.0), ("Louise", 80.0), ("Amy", 80.0),
    ("Hayley", 70.0), ("Danielle", 70.0), ("Leanne", 70.0), ("Jade", 60.0), ("Chloe", 60.0),
    ("Chloë", 10.0), ("Zoe", 40.0), ("Zoë", 10.0), ("Kirsty", 40.0), ("Shannon", 40.0),
    ("Megan", 30.0), ("Charlotte", 40.0), ("Sophie", 40.0), ("Lauren", 40.0), ("Kayleigh", 30.0),
    ("Jodie", 30.0), ("Siobhán", 8.0), ("Niamh", 8.0), ("Aoife", 6.0), ("Róisín", 5.0),
    ("Renée", 5.0), ("Agnieszka", 10.0), ("Katarzyna", 10.0), ("Małgorzata", 6.0), ("Ioana", 6.0),
    ("Andreea", 6.0), ("Rūta", 3.0), ("Fatima", 15.0), ("Aisha", 12.0), ("Priya", 8.0),
    ("Nasreen", 6.0), ("Abena", 5.0), ("Ngozi", 5.0), ("Chantelle", 15.0), ("Marcia", 5.0),
];

/// (town, outward codes, relative weight): Essex towns and their postcode districts.
#[rustfmt::skip]
pub const TOWNS: &[(&str, &[&str], f64)] = &[
    ("Chelmsford", &["CM1", "CM2", "CM3"], 18.0),
    ("Colchester", &["CO1", "CO2", "CO3", "CO4"], 19.0),
    ("Southend-on-Sea", &["SS0", "SS1", "SS2", "SS3"], 18.0),
    ("Basildon", &["SS13", "SS14", "SS15", "SS16"], 17.0),
    ("Harlow", &["CM17", "CM18", "CM19", "CM20"], 9.0),
    ("Braintree", &["CM7"], 6.0),
    ("Brentwood", &["CM13", "CM14", "CM15"], 5.0),
    ("Grays", &["RM16", "RM17", "RM20"], 9.0),
    ("Clacton-on-Sea", &["CO15", "CO16"], 7.0),
    ("Witham", &["CM8"], 3.0),
];

#[rustfmt::skip]
pub const STREETS: &[&str] = &[
    "High Street", "Station Road", "Church Lane", "London Road", "Victoria Road", "Park Avenue",
    "Mill Lane", "Queens Road", "Kings Road", "New Road", "The Avenue", "Chapel Street",
    "Green Lane", "Manor Road", "School Lane", "North Street", "South Street", "West Road",
    "Springfield Road", "Broomfield Road", "Moulsham Street", "Mersea Road", "Maldon Road",
    "Lexden Road", "Hythe Hill", "Southchurch Road", "Hamlet Court Road", "London Road",
    "Whitmore Way", "Clay Hill Road", "Fourth Avenue", "Bush Fair", "Coldharbour Road",
    "Rayne Road", "Coggeshall Road", "Shenfield Road", "Kings Road", "Orsett Road",
    "Dell Road", "Pier Avenue", "Old Road", "Collingwood Road", "Newland Street",
];

/// Letters allowed in the inward code (never C, I, K, M, O or V).
pub const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// Notes for warning markers, by kind code.
pub const MARKER_NOTES: &[(&str, &str)] = &[
    (
        "risk_to_staff",
        "Threatened staff at a previous appointment; see two workers.",
    ),
    ("weapons", "Known to carry a bladed article."),
    ("violence", "History of assaults when intoxicated."),
    (
        "self_harm",
        "Self-harm on recall to custody; check welfare at each contact.",
    ),
    (
        "suicide",
        "Suicide attempt recorded; follow the safety plan.",
    ),
    (
        "risk_to_children",
        "Must not have unsupervised contact with children under 16.",
    ),
    (
        "domestic_abuse",
        "Subject of a domestic abuse protection notice.",
    ),
    (
        "drugs",
        "Class A use; in treatment with the local recovery service.",
    ),
    ("escape", "Previous escape from escort."),
    (
        "infectious",
        "Infection control: see health note before visiting.",
    ),
];
