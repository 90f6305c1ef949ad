/// Name and address material for the demo register: a varied mix, including the Unicode and
/// punctuation that real exports carry (Zoë, Łukasz, Ní Bhriain, O'Brien, Nguyễn, a surname
/// with a comma, a forename with double quotes).
enum DemoNames {
    static let femaleForenames = [
        "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Grace",
        "Sophia", "Emily", "Ella", "Evie", "Poppy", "Isabella", "Harper", "Willow", "Ruby", "Daisy",
        "Zoë", "Chloé", "Aoife", "Siobhán", "Niamh", "Maja", "Zuzanna", "Hanna", "Fatima", "Aisha",
        "Maryam", "Zainab", "Amara", "Priya", "Ananya", "Mei", "Ngọc Anh", "Chiara", "Inès", "Ayşe",
        "Seren", "Ffion", "Chidinma", "Abena", "Noor", "Leila", "Sofía", "Beatriz", "Anna-Marie", "Jessica",
    ]
    static let maleForenames = [
        "Oliver", "Noah", "George", "Arthur", "Leo", "Harry", "Oscar", "Muhammad", "Jack", "Charlie",
        "Freddie", "Theo", "Alfie", "Jacob", "Thomas", "Henry", "Archie", "Joshua", "Samuel", "Reuben",
        "Łukasz", "Jakub", "José", "Oisín", "Seán", "Kwame", "Chidi", "Arjun", "Rohan", "Mateo",
        "Tomás", "Björn", "Ahmed", "Yusuf", "Ibrahim", "Dylan", "Rhys", "Cai", "Minh", "Jean-Luc",
        "Kofi", "Emeka", "Ravi", "Hamza", "Bilal", "Matteo", "Luca", "François", "Dáithí", "Kai",
    ]
    /// Rare awkward forename: a nickname in double quotes (written `"Elizabeth ""Beth"""`).
    static let quotedForename = "Elizabeth \"Beth\""

    static let surnames = [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
        "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
        "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Turner", "Hill", "Scott", "Cooper",
        "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison", "Morgan", "Patel", "Khan",
        "Ali", "Hussain", "Begum", "Ahmed", "Shah", "Singh", "Kaur", "Mistry", "O'Brien", "O'Connor",
        "Ní Bhriain", "Ó Súilleabháin", "McCarthy", "MacLeod", "Nguyễn", "Trần", "Chen", "Wang", "Kowalski", "Nowak",
        "Wiśniewski", "Kowalczyk", "Okafor", "Adeyemi", "Mensah", "Osei", "García", "Rodríguez", "Silva", "Costa",
        "Müller", "Schröder", "Smith-Jones", "Bowes-Lyon", "d'Souza", "Le Roux", "van der Merwe", "Yılmaz", "Novák", "Murphy",
    ]
    /// Rare awkward surname: a comma, so RFC 4180 quoting is needed.
    static let commaSurname = "Smith, Jr"

    static let streets = [
        "Station Road", "Church Lane", "Victoria Street", "Mill Lane", "High Street", "Park Avenue",
        "Queen's Road", "St John's Close", "Orchard Way", "The Crescent", "Windsor Terrace", "Meadow View",
        "Chapel Street", "Ash Grove", "Kingsway", "Brook Lane", "Canal Side", "Sandy Lane",
    ]
    static let towns = ["Northbridge", "Eastwick", "Northbridge", "Holme Vale", "Northbridge", "Ashby Cross"]
    static let postcodeLetters = Array("ABDEFGHJLNPQRSTUWXYZ".utf8)

    /// ASCII slug of a name for an e-mail address: letters only, lower case, common
    /// diacritics folded (Zoë → zoe, Łukasz → lukasz, Nguyễn → nguyen).
    static func slug(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased() {
            if ch.isASCII {
                if ch.isLetter { out.append(ch) }
                continue
            }
            switch ch {
            case "à", "á", "â", "ä", "ã", "å", "ą": out.append("a")
            case "ç", "ć": out.append("c")
            case "è", "é", "ê", "ë", "ę", "ễ", "ế", "ề": out.append("e")
            case "ì", "í", "î", "ï", "ı": out.append("i")
            case "ł": out.append("l")
            case "ñ", "ń": out.append("n")
            case "ò", "ó", "ô", "ö", "õ", "ọ": out.append("o")
            case "ś", "ş", "š": out.append("s")
            case "ù", "ú", "û", "ü", "ư": out.append("u")
            case "ź", "ż", "ž": out.append("z")
            case "ầ": out.append("a")
            default: break
            }
        }
        return out.isEmpty ? "parent" : out
    }
}
