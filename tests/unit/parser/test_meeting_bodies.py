from services.parser.meeting.bodies import classify_body, classify_purpose


def test_the_meeting_sentence_names_the_body():
    text = "Am Nachmittag des 25. April tagte der Ständige Ausschuss des Provinzparteikomitees."
    assert classify_body(None, text, "de", 0) == "standing_committee"


def test_members_attending_do_not_make_the_body():
    text = (
        "Dự hội nghị có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy.\n"
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20 đã bế mạc."
    )
    assert classify_body(None, text, "vi", None) == "executive_committee"


def test_no_party_body_is_other():
    assert classify_body(None, "An der Konferenz nahmen Genossen teil.", "de", None) == "other"


def test_greek_executive_committee_review():
    text = (
        "Το πρωί της 14ης Ιανουαρίου, η Εκτελεστική Επιτροπή του Κόμματος της επαρχίας "
        "πραγματοποίησε συνέδριο για να εξετάσει το ηγετικό έργο το 2024."
    )
    assert classify_body(None, text, "el", 0) == "executive_committee"
    assert classify_purpose(None, text, "el", 0, inspected=False) == "review"


def test_a_central_delegation_makes_an_inspection():
    text = "Am Morgen des 19. März leitete Präsident Luong Cuong eine Konferenz zur Genehmigung."
    assert classify_purpose(None, text, "de", 0, inspected=True) == "inspection"


def test_inspection_commission_in_a_role_is_no_inspection():
    text = (
        "An der Konferenz nahmen Mitglieder des Provinzparteiinspektionskomitees teil.\n"
        "Die Delegierten lernten und erfassen die Resolution; der Redner verbreitete den Plan."
    )
    assert classify_purpose(None, text, "de", None, inspected=False) == "dissemination"


def test_vietnamese_title_decides_purpose():
    title = "Hội nghị quán triệt Chỉ thị số 35-CT/TW"
    text = "Tỉnh ủy tổ chức hội nghị cán bộ chủ chốt."
    assert classify_purpose(title, text, "vi", None, inspected=False) == "dissemination"
