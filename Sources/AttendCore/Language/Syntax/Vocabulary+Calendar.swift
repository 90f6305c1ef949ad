/// Words for calendar months and named days (`over march`, `since 1 sep`, `last monday`),
/// beside ``Vocabulary``. Month names are ``Vocabulary/months``.
extension Vocabulary {
    /// `monday` … `sunday` (and three-letter forms) with the ISO weekday, 1 = Monday.
    public static let weekdayWords: [String: Int] = [
        "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
        "thursday": 4, "thu": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
        "sunday": 7, "sun": 7,
    ]
}
