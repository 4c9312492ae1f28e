from services.parser.meeting import sentences


def test_a_joined_text_splits_as_its_parts_do():
    parts = (
        "Sáng 17/3, Ban Thường vụ Tỉnh ủy họp. Đồng chí Bí thư chủ trì.\nHội nghị đã thảo luận.",
        "Ảnh: Đồng chí Lê Minh Hưng phát biểu. Toàn cảnh hội nghị.",
        "Am 19. März tagte das Komitee. Nr. 5 wurde beschlossen.",
    )
    joined = sentences.split_joined(parts)
    assert joined == sentences.split("\n".join(parts))
    assert [s.paragraph for s in joined] == [0, 0, 1, 2, 2, 3, 3]
