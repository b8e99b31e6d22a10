import pytest
from sqlalchemy import select

from refwatch.errors import InputError, StoreError
from refwatch.store import transaction
from refwatch.store.models import PrivateNote, SensitiveField
from refwatch.store.notes import add_note, clear_sensitive, list_notes, list_sensitive, set_sensitive
from refwatch.store.secrets import FieldCipher, derive_key

CIPHER = FieldCipher(derive_key(b"test master", "fields"))


def test_notes_private_are_encrypted_and_read_back(factory):
    with transaction(factory) as db:
        add_note(db, CIPHER, entity_type="report", entity_id=4, author="eve", text="탈북민 가족 이름: 김영희")
        set_sensitive(db, CIPHER, entity_type="report", entity_id=4, field="names", text="Kim Young-hee", actor="eve")
        set_sensitive(db, CIPHER, entity_type="report", entity_id=4, field="names", text="Kim Young-hee, Kim Su",
                      actor="ada")
    with factory() as db:
        assert b"Kim" not in b"".join(db.scalars(select(SensitiveField.ciphertext)))
        assert "김영희".encode() not in b"".join(db.scalars(select(PrivateNote.ciphertext)))
        (note,) = list_notes(db, CIPHER, entity_type="report", entity_id=4)
        (field,) = list_sensitive(db, CIPHER, entity_type="report", entity_id=4)
        assert list_notes(db, CIPHER, entity_type="report", entity_id=5) == []
    assert note.text == "탈북민 가족 이름: 김영희" and note.author == "eve"
    assert field.text == "Kim Young-hee, Kim Su" and field.created_by == "ada"
    with transaction(factory) as db:
        assert clear_sensitive(db, entity_type="report", entity_id=4, field="names", actor="ada")
        assert list_sensitive(db, CIPHER, entity_type="report", entity_id=4) == []


def test_notes_private_refuse_empty_text_and_unknown_fields(factory):
    with pytest.raises(InputError), transaction(factory) as db:
        add_note(db, CIPHER, entity_type="report", entity_id=1, author="eve", text="   ")
    with pytest.raises(InputError), transaction(factory) as db:
        set_sensitive(db, CIPHER, entity_type="report", entity_id=1, field="shoe_size", text="42", actor="eve")


def test_notes_private_moved_ciphertext_does_not_open(factory):
    with transaction(factory) as db:
        add_note(db, CIPHER, entity_type="report", entity_id=1, author="eve", text="for report one")
        add_note(db, CIPHER, entity_type="report", entity_id=2, author="eve", text="for report two")
        first, second = db.scalars(select(PrivateNote).order_by(PrivateNote.id)).all()
        second.ciphertext = first.ciphertext
    with factory() as db, pytest.raises(StoreError):
        list_notes(db, CIPHER, entity_type="report", entity_id=2)
