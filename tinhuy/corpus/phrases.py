"""The words of the five languages: roles, bodies, purposes, documents, dates, filler.

Several phrasings per slot, so a parser meets sentence variety rather than one template.
`{P}` is the province as the language writes it; cities get their own words by CITY_WORDS.
"""

from __future__ import annotations

LANGS = ("vi", "en", "de", "ru", "el")
TRANSLATIONS = ("en", "de", "ru", "el")
SOURCE_LABEL = {"en": "Source:", "de": "Quelle:", "ru": "Источник:", "el": "Πηγή:"}

ROLES: dict[str, dict[str, str]] = {
    "secretary": {
        "vi": "Bí thư Tỉnh ủy",
        "en": "Secretary of the Provincial Party Committee",
        "de": "Sekretär des Provinzparteikomitees",
        "ru": "секретарь провинциального комитета партии",
        "el": "Γραμματέας της Επαρχιακής Επιτροπής του Κόμματος",
    },
    "standing_deputy": {
        "vi": "Phó Bí thư Thường trực Tỉnh ủy",
        "en": "Permanent Deputy Secretary of the Provincial Party Committee",
        "de": "geschäftsführender stellvertretender Sekretär des Provinzparteikomitees",
        "ru": "первый заместитель секретаря провинциального комитета партии",
        "el": "Πρώτος Αναπληρωτής Γραμματέας της Επαρχιακής Επιτροπής του Κόμματος",
    },
    "deputy_chair_pc": {
        "vi": "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh",
        "en": "Deputy Secretary of the Provincial Party Committee and Chairman of the Provincial"
        " People's Committee",
        "de": "stellvertretender Sekretär des Provinzparteikomitees und Vorsitzender des"
        " Provinzvolkskomitees",
        "ru": "заместитель секретаря провинциального комитета партии, председатель"
        " провинциального народного комитета",
        "el": "Αναπληρωτής Γραμματέας της Επαρχιακής Επιτροπής του Κόμματος και Πρόεδρος της"
        " Επαρχιακής Λαϊκής Επιτροπής",
    },
    "chair_council": {
        "vi": "Chủ tịch HĐND tỉnh",
        "en": "Chairman of the Provincial People's Council",
        "de": "Vorsitzender des Provinzvolksrates",
        "ru": "председатель провинциального народного совета",
        "el": "Πρόεδρος του Επαρχιακού Λαϊκού Συμβουλίου",
    },
    "head_org": {
        "vi": "Trưởng Ban Tổ chức Tỉnh ủy",
        "en": "Head of the Organization Board of the Provincial Party Committee",
        "de": "Leiter der Organisationsabteilung des Provinzparteikomitees",
        "ru": "заведующий организационным отделом провинциального комитета партии",
        "el": "Επικεφαλής του Τμήματος Οργάνωσης της Επαρχιακής Επιτροπής του Κόμματος",
    },
    "head_propaganda": {
        "vi": "Trưởng Ban Tuyên giáo Tỉnh ủy",
        "en": "Head of the Propaganda and Education Board of the Provincial Party Committee",
        "de": "Leiter der Propaganda- und Bildungsabteilung des Provinzparteikomitees",
        "ru": "заведующий отделом пропаганды и образования провинциального комитета партии",
        "el": "Επικεφαλής του Τμήματος Προπαγάνδας και Εκπαίδευσης της Επαρχιακής Επιτροπής"
        " του Κόμματος",
    },
    "head_mass": {
        "vi": "Trưởng Ban Dân vận Tỉnh ủy",
        "en": "Head of the Mass Mobilization Board of the Provincial Party Committee",
        "de": "Leiter der Abteilung für Massenmobilisierung des Provinzparteikomitees",
        "ru": "заведующий отделом по массовой мобилизации провинциального комитета партии",
        "el": "Επικεφαλής του Τμήματος Μαζικής Κινητοποίησης της Επαρχιακής Επιτροπής του Κόμματος",
    },
}
CHAIR_ROLES = ("secretary", "secretary", "secretary", "standing_deputy")

# The meeting sentence's subject. Keys: body. Each a list of phrasings.
BODIES: dict[str, dict[str, tuple[str, ...]]] = {
    "standing_committee": {
        "vi": ("Ban Thường vụ Tỉnh ủy {P}",),
        "en": (
            "the Standing Committee of the {P} Provincial Party Committee",
            "the Standing Board of the {P} Provincial Party Committee",
        ),
        "de": (
            "der Ständige Ausschuss des Parteikomitees der Provinz {P}",
            "der Ständige Ausschuss des Provinzparteikomitees {P}",
        ),
        "ru": (
            "Постоянный комитет комитета партии провинции {P}",
            "Постоянный комитет провинциального комитета партии {P}",
        ),
        "el": ("η Μόνιμη Επιτροπή της Επαρχιακής Επιτροπής του Κόμματος της επαρχίας {P}",),
    },
    "executive_committee": {
        "vi": ("Ban Chấp hành Đảng bộ tỉnh {P}",),
        "en": ("the Executive Committee of the {P} Provincial Party Committee",),
        "de": ("das Exekutivkomitee des Parteikomitees der Provinz {P}",),
        "ru": ("Исполнительный комитет партийной организации провинции {P}",),
        "el": ("η Εκτελεστική Επιτροπή της Κομματικής Οργάνωσης της επαρχίας {P}",),
    },
    "other": {
        "vi": ("Thường trực Tỉnh ủy {P}",),
        "en": ("the Office of the {P} Provincial Party Committee",),
        "de": ("das Büro des Parteikomitees der Provinz {P}",),
        "ru": ("Аппарат комитета партии провинции {P}",),
        "el": ("το Γραφείο της Επαρχιακής Επιτροπής του Κόμματος της επαρχίας {P}",),
    },
}

# The predicate: what the body did. `{doc}` is the first document, in the case the slot needs.
PURPOSES: dict[str, dict[str, tuple[str, ...]]] = {
    "inspection": {
        "vi": (
            "tổ chức hội nghị kiểm tra việc thực hiện {doc}",
            "họp giám sát việc thực hiện {doc}",
        ),
        "en": (
            "held a conference to inspect the implementation of {doc}",
            "held a meeting to supervise the implementation of {doc}",
        ),
        "de": (
            "hielt eine Sitzung zur Kontrolle der Umsetzung {doc} ab",
            "organisierte eine Konferenz zur Inspektion der Umsetzung {doc}",
        ),
        "ru": ("провел заседание по проверке выполнения {doc}", "провел проверку выполнения {doc}"),
        "el": ("πραγματοποίησε συνεδρίαση για τον έλεγχο της εφαρμογής {doc}",),
    },
    "review": {
        "vi": ("tổ chức hội nghị sơ kết công tác quý I", "họp tổng kết công tác 6 tháng đầu năm"),
        "en": (
            "held a meeting to review the work of the first quarter",
            "held a conference to review the first half of the year",
        ),
        "de": (
            "hielt eine Sitzung zur Bilanz des ersten Quartals ab",
            "organisierte eine Konferenz zur Auswertung des ersten Halbjahres",
        ),
        "ru": (
            "провел заседание по подведению итогов работы за первый квартал",
            "провел конференцию по подведению итогов полугодия",
        ),
        "el": ("πραγματοποίησε συνεδρίαση για τον απολογισμό του πρώτου τριμήνου",),
    },
    "dissemination": {
        "vi": ("tổ chức hội nghị quán triệt, triển khai thực hiện {doc}",),
        "en": ("organized a conference to disseminate and implement {doc}",),
        "de": ("organisierte eine Konferenz zur Verbreitung und Umsetzung {doc}",),
        "ru": ("провел конференцию по распространению и реализации {doc}",),
        "el": ("διοργάνωσε συνέδριο για τη διάδοση και την εφαρμογή {doc}",),
    },
    "decision": {
        "vi": ("họp cho ý kiến vào dự thảo đề án phát triển kinh tế - xã hội",),
        "en": ("met to give opinions on and decide the draft socio-economic development project",),
        "de": (
            "beschloss in einer Sitzung den Entwurf des Projekts zur sozioökonomischen Entwicklung",
        ),
        "ru": ("провел заседание и утвердил проект социально-экономического развития",),
        "el": ("πραγματοποίησε συνεδρίαση και ενέκρινε το σχέδιο κοινωνικοοικονομικής ανάπτυξης",),
    },
    "personnel": {
        "vi": ("tổ chức hội nghị công bố quyết định về công tác cán bộ", "họp kiện toàn bộ máy"),
        "en": ("held a conference to announce the appointment of cadres",),
        "de": ("hielt eine Konferenz zur Ernennung von Kadern ab",),
        "ru": ("провел конференцию, посвященную назначению кадров",),
        "el": ("πραγματοποίησε συνέδριο για τον διορισμό στελεχών",),
    },
    "other": {
        "vi": ("tổ chức buổi gặp mặt các đồng chí cán bộ hưu trí",),
        "en": ("held a meeting with retired cadres",),
        "de": ("hielt ein Treffen mit pensionierten Kadern ab",),
        "ru": ("провел встречу с ветеранами-кадрами",),
        "el": ("πραγματοποίησε συνάντηση με συνταξιούχα στελέχη",),
    },
}

# Document types as each language names them, in the form a citation takes.
DOC_TYPES: dict[str, dict[str, str]] = {
    "resolution": {"vi": "Nghị quyết", "en": "Resolution", "de": "der Resolution",
                   "ru": "Постановления", "el": "του Ψηφίσματος"},
    "directive": {"vi": "Chỉ thị", "en": "Directive", "de": "der Richtlinie",
                  "ru": "Директивы", "el": "της Οδηγίας"},
    "conclusion": {"vi": "Kết luận", "en": "Conclusion", "de": "der Schlussfolgerung",
                   "ru": "Заключения", "el": "του Συμπεράσματος"},
    "plan": {"vi": "Kế hoạch", "en": "Plan", "de": "des Plans", "ru": "Плана",
             "el": "του Σχεδίου"},
    "regulation": {"vi": "Quy định", "en": "Regulation", "de": "der Verordnung",
                   "ru": "Положения", "el": "του Κανονισμού"},
}  # fmt: skip
NUMBER_MARK = {"vi": "số", "en": "No.", "de": "Nr.", "ru": "№", "el": "αρ."}
ISSUERS: dict[str, dict[str, str]] = {
    "politburo": {"vi": "của Bộ Chính trị", "en": "of the Politburo", "de": "des Politbüros",
                  "ru": "Политбюро", "el": "του Πολιτικού Γραφείου"},
    "central_committee": {"vi": "của Ban Chấp hành Trung ương", "en": "of the Party Central"
                          " Committee", "de": "des Zentralkomitees", "ru": "Центрального"
                          " комитета партии", "el": "της Κεντρικής Επιτροπής"},
    "secretariat": {"vi": "của Ban Bí thư", "en": "of the Secretariat", "de": "des Sekretariats",
                    "ru": "Секретариата", "el": "της Γραμματείας"},
    "province": {"vi": "của Tỉnh ủy", "en": "of the Provincial Party Committee",
                 "de": "des Provinzparteikomitees", "ru": "провинциального комитета партии",
                 "el": "της Επαρχιακής Επιτροπής"},
}  # fmt: skip
CENTRAL_DOCS = (
    ("resolution", "57", "57-NQ/TW", "politburo"),
    ("resolution", "18", "18-NQ/TW", "central_committee"),
    ("resolution", "66", "66-NQ/TW", "politburo"), ("resolution", "68", "68-NQ/TW", "politburo"),
    ("directive", "35", "35-CT/TW", "politburo"), ("directive", "45", "45-CT/TW", "politburo"),
    ("conclusion", "118", "118-KL/TW", "politburo"), ("conclusion", "121", "121-KL/TW",
    "central_committee"), ("conclusion", "126", "126-KL/TW", "politburo"),
    ("regulation", "22", "22-QĐ/TW", "central_committee"),
    ("directive", "21", "21-CT/TW", "secretariat"),
)  # fmt: skip

TIME_OF_DAY: dict[str, dict[str, str]] = {
    "vi": {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"},
    "en": {"morning": "morning", "afternoon": "afternoon", "evening": "evening"},
    "de": {"morning": "Morgen", "afternoon": "Nachmittag", "evening": "Abend"},
    "ru": {"morning": "Утром", "afternoon": "Днём", "evening": "Вечером"},
    "el": {"morning": "πρωί", "afternoon": "απόγευμα", "evening": "βράδυ"},
}
MONTHS = {
    "en": ("January February March April May June July August September October November"
           " December").split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
    .split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
    .split(),
    "el": ("Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου"
           " Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου").split(),
}  # fmt: skip

CHAIR: dict[str, tuple[str, ...]] = {
    "vi": ("Đồng chí {name}, {role} chủ trì hội nghị.", "Đồng chí {role} {name} chủ trì."),
    "en": ("{name}, {role}, chaired the meeting.", "The meeting was chaired by {role} {name}."),
    "de": ("{hon} {name}, {role}, leitete die Sitzung.", "Die Konferenz wurde von {name}, {role},"
           " geleitet."),
    "ru": ("Председательствовал на заседании {role} {name}.", "Товарищ {name}, {role},"
           " председательствовал на конференции."),
    "el": ("{hon} σύντροφος {name}, {role}, προήδρευσε της συνεδρίασης.",),
}  # fmt: skip
ATTEND: dict[str, tuple[str, ...]] = {
    "vi": ("Tham dự hội nghị có các đồng chí: {people}.", "Cùng dự có các đồng chí {people}."),
    "en": ("Attending were {people}.", "Also present were {people}."),
    "de": ("Ebenfalls anwesend waren {people}.", "An der Sitzung nahmen {people} teil."),
    "ru": ("В заседании приняли участие товарищи: {people}.", "На заседании присутствовали"
           " {people}."),
    "el": ("Στη συνεδρίαση παρευρέθηκαν οι σύντροφοι {people}.", "Παρόντες ήταν οι {people}."),
}  # fmt: skip
PERSON_SEP = {"vi": "; ", "en": "; ", "de": "; ", "ru": "; ", "el": "· "}
LAST_SEP = {"vi": " và ", "en": "; and ", "de": " sowie ", "ru": " и ", "el": " και "}
TARGET: dict[str, tuple[str, ...]] = {
    "vi": ("Tỉnh phấn đấu tăng trưởng kinh tế năm {year} đạt {value}%.",
           "Mục tiêu tăng trưởng kinh tế năm {year} của tỉnh là {value}% trở lên."),
    "en": ("The province aims for economic growth of {value}% in {year}.",
           "The province targets a growth rate of {value}% in {year}."),
    "de": ("Die Provinz strebt für {year} ein Wirtschaftswachstum von {value} % an.",
           "Ziel ist ein Wachstum von {value} % im Jahr {year}."),
    "ru": ("Провинция ставит цель достичь экономического роста в {value}% в {year} году.",),
    "el": ("Στόχος της επαρχίας είναι ρυθμός ανάπτυξης {value}% το {year}.",),
}  # fmt: skip
DOCS_TOO: dict[str, str] = {
    "vi": "Hội nghị cũng thảo luận việc thực hiện {docs}.",
    "en": "Participants also discussed the implementation of {docs}.",
    "de": "Die Teilnehmer erörterten auch die Umsetzung {docs}.",
    "ru": "Участники также обсудили выполнение {docs}.",
    "el": "Οι συμμετέχοντες συζήτησαν επίσης την εφαρμογή {docs}.",
}
FILLER: dict[str, tuple[str, ...]] = {
    "vi": ("Các ý kiến phát biểu tập trung làm rõ những khó khăn, vướng mắc và đề xuất giải pháp"
           " trong thời gian tới.", "Đồng chí Bí thư yêu cầu các cấp ủy, tổ chức đảng tiếp tục"
           " nâng cao chất lượng sinh hoạt chi bộ, phát huy tinh thần đoàn kết.",
           "Thời gian qua, dưới sự lãnh đạo của cấp ủy, các ngành, các địa phương đã chủ động,"
           " linh hoạt trong công tác chỉ đạo, điều hành, tập trung tháo gỡ khó khăn cho doanh"
           " nghiệp, đẩy nhanh tiến độ các công trình trọng điểm và chăm lo đời sống nhân dân."),
    "en": ("Speakers focused on clarifying difficulties and proposing solutions for the coming"
           " period.", "Party committees at all levels were asked to keep improving the quality"
           " of cell meetings and to promote solidarity.", "In recent months, under the"
           " leadership of the Party committee, sectors and localities have been proactive and"
           " flexible in their direction and administration, removing obstacles for businesses,"
           " speeding up key construction works and caring for the lives of the people."),
    "de": ("Die Redner konzentrierten sich darauf, Schwierigkeiten zu klären und Lösungen für"
           " die kommende Zeit vorzuschlagen.", "Die Parteikomitees aller Ebenen wurden"
           " aufgefordert, die Qualität der Zellensitzungen weiter zu verbessern.", "In den"
           " letzten Monaten haben die Sektoren und Gemeinden unter der Führung des"
           " Parteikomitees proaktiv und flexibel gehandelt, Hindernisse für Unternehmen"
           " beseitigt, wichtige Bauvorhaben beschleunigt und sich um das Leben der Menschen"
           " gekümmert."),
    "ru": ("Выступающие сосредоточились на выявлении трудностей и предложили решения на"
           " предстоящий период.", "Партийным комитетам всех уровней предложено и дальше"
           " повышать качество работы партийных ячеек.", "В последние месяцы под руководством"
           " партийного комитета отрасли и населенные пункты действовали инициативно и гибко,"
           " устраняли препятствия для предприятий, ускоряли строительство ключевых объектов и"
           " заботились о жизни людей."),
    "el": ("Οι ομιλητές επικεντρώθηκαν στην αποσαφήνιση των δυσκολιών και πρότειναν λύσεις για"
           " την επόμενη περίοδο.", "Οι κομματικές επιτροπές όλων των επιπέδων κλήθηκαν να"
           " βελτιώσουν την ποιότητα των συνεδριάσεων των οργανώσεων βάσης.", "Τους τελευταίους"
           " μήνες, υπό την καθοδήγηση της κομματικής επιτροπής, οι τομείς και οι τοπικές αρχές"
           " ενήργησαν προληπτικά και ευέλικτα, άρουν τα εμπόδια για τις επιχειρήσεις,"
           " επιταχύνουν τα βασικά έργα και φροντίζουν για τη ζωή των πολιτών."),
}  # fmt: skip
HONORIFIC = {"de": ("Genosse", "Genossin"), "el": ("Ο", "Η")}

# Centrally-run cities: their committees are city committees ("Thành ủy", "City").
CITIES = frozenset({"VN-HN", "VN-SG", "VN-HP", "VN-DN", "VN-CT"})
CITY_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "vi": (("Tỉnh ủy", "Thành ủy"), ("Đảng bộ tỉnh", "Đảng bộ thành phố"),
           ("UBND tỉnh", "UBND thành phố"), ("HĐND tỉnh", "HĐND thành phố"),
           ("Tỉnh phấn đấu", "Thành phố phấn đấu"), ("của tỉnh", "của thành phố")),
    "en": (("Provincial Party Committee", "City Party Committee"),
           ("Provincial People", "City People"), ("The province", "The city")),
    "de": (("Parteikomitees der Provinz", "Parteikomitees der Stadt"),
           ("Provinzparteikomitee", "Stadtparteikomitee"), ("Provinzvolks", "Stadtvolks"),
           ("Die Provinz", "Die Stadt")),
    "ru": (("партии провинции", "партии города"), ("организации провинции", "организации"
           " города"), ("провинциального", "городского"), ("Провинция", "Город")),
    "el": (("Επαρχιακής", "Δημοτικής"), ("Επαρχιακού", "Δημοτικού"), ("της επαρχίας", "της πόλης")),
}  # fmt: skip
# Russian names for the places Russian media do not transliterate syllable by syllable.
RU_EXONYMS = {"Hà Nội": "Ханой", "Hồ Chí Minh": "Хошимин", "Hải Phòng": "Хайфон"}
