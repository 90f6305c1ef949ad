/// The national attendance and absence codes (2024 regulations) and the legacy codes a
/// six-year register still holds, from `spec/attendance-codes.csv`. The order here is the
/// order of ``CodeID`` values; 0 is reserved for "no row for this session".
///
/// Generated from attendance-codes.csv; keep the two in step (a test checks it).
public enum CodeTable {
    public static let all: [CodeInfo] = [
        CodeInfo(code: "/", meaning: "Present (AM)", category: "present", counts: .present, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "\\", meaning: "Present (PM)", category: "present", counts: .present, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "L", meaning: "Late arrival before the register closed", category: "present", counts: .present, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "K", meaning: "Attending education provision arranged by the local authority", category: "attending elsewhere", counts: .approvedActivity, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "V", meaning: "Attending an educational visit or trip", category: "attending elsewhere", counts: .approvedActivity, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "P", meaning: "Participating in a supervised sporting activity", category: "attending elsewhere", counts: .approvedActivity, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "W", meaning: "Attending work experience", category: "attending elsewhere", counts: .approvedActivity, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "B", meaning: "Attending any other approved educational activity", category: "attending elsewhere", counts: .approvedActivity, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "D", meaning: "Dual registered: attending another setting where also registered", category: "attending elsewhere", counts: .notCounted, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "C1", meaning: "Regulated performance or regulated employment abroad", category: "leave of absence", counts: .authorised, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "M", meaning: "Medical or dental appointment", category: "leave of absence", counts: .authorised, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "J1", meaning: "Interview with a prospective employer or educational establishment", category: "leave of absence", counts: .authorised, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "S", meaning: "Study leave", category: "leave of absence", counts: .authorised, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "X", meaning: "Not of compulsory school age: not required to attend", category: "leave of absence", counts: .notCounted, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "C2", meaning: "Part-time timetable", category: "leave of absence", counts: .authorised, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "C", meaning: "Leave of absence for exceptional circumstances", category: "leave of absence", counts: .authorised, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "T", meaning: "Parent travelling for occupational purposes", category: "other authorised", counts: .authorised, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "R", meaning: "Religious observance", category: "other authorised", counts: .authorised, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "I", meaning: "Illness (not medical or dental appointment)", category: "other authorised", counts: .authorised, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "E", meaning: "Suspended or excluded with no alternative provision", category: "other authorised", counts: .authorised, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Q", meaning: "Unable to attend: lack of access arrangements", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Y1", meaning: "Unable to attend: transport not available", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Y2", meaning: "Unable to attend: widespread disruption to travel", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Y3", meaning: "Unable to attend: part of school premises closed", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Y4", meaning: "Unable to attend: whole school site unexpectedly closed", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Y5", meaning: "Unable to attend: criminal justice detention", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Y6", meaning: "Unable to attend: public health guidance or law", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "Y7", meaning: "Unable to attend: any other unavoidable cause", category: "unable to attend", counts: .notCounted, validFrom: Day(year: 2024, month: 8, day: 19)!, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "G", meaning: "Holiday not granted by the school", category: "unauthorised", counts: .unauthorised, validFrom: nil, validTo: nil, penaltyThreshold: true),
        CodeInfo(code: "N", meaning: "Reason for absence not yet established", category: "unauthorised", counts: .unauthorised, validFrom: nil, validTo: nil, penaltyThreshold: true),
        CodeInfo(code: "O", meaning: "Absent in other or unknown circumstances", category: "unauthorised", counts: .unauthorised, validFrom: nil, validTo: nil, penaltyThreshold: true),
        CodeInfo(code: "U", meaning: "Arrived after the register closed", category: "unauthorised", counts: .unauthorised, validFrom: nil, validTo: nil, penaltyThreshold: true),
        CodeInfo(code: "Z", meaning: "Prospective pupil not on admission register", category: "administrative", counts: .notCounted, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "#", meaning: "Planned whole-school closure", category: "administrative", counts: .notCounted, validFrom: nil, validTo: nil, penaltyThreshold: false),
        CodeInfo(code: "H", meaning: "Agreed family holiday (withdrawn 2024: now C)", category: "authorised (legacy)", counts: .authorised, validFrom: nil, validTo: Day(year: 2024, month: 8, day: 18)!, penaltyThreshold: false),
        CodeInfo(code: "F", meaning: "Agreed extended family holiday (withdrawn 2013)", category: "authorised (legacy)", counts: .authorised, validFrom: nil, validTo: Day(year: 2013, month: 8, day: 31)!, penaltyThreshold: false),
        CodeInfo(code: "J", meaning: "Interview (withdrawn 2024: now J1; counted as attendance before)", category: "approved (legacy)", counts: .approvedActivity, validFrom: nil, validTo: Day(year: 2024, month: 8, day: 18)!, penaltyThreshold: false),
        CodeInfo(code: "Y", meaning: "Unable to attend due to exceptional circumstances (withdrawn 2024: now Y1-Y7)", category: "unable to attend (legacy)", counts: .notCounted, validFrom: nil, validTo: Day(year: 2024, month: 8, day: 18)!, penaltyThreshold: false),
        CodeInfo(code: "-", meaning: "No mark recorded (not a national code)", category: "missing", counts: .missing, validFrom: nil, validTo: nil, penaltyThreshold: false),
    ]
}
