"""Generated passphrases: words a clinician can read out, 50 bits, from the OS's randomness."""

from __future__ import annotations

import secrets

from therapist_desk.sharing import passphrase


def test_the_word_list_is_1024_plain_distinct_words() -> None:
    words = passphrase.word_list()
    assert len(words) == 1024 == len(set(words))
    assert all(w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 7 for w in words)
    assert passphrase.entropy_bits() == 50.0


def test_no_word_a_couple_could_hear_as_being_about_them() -> None:
    unwanted = {
        "affair", "cheat", "cheetah", "love", "kiss", "bed", "sex", "baby", "wife", "husband",
        "money", "wine", "beer", "pill", "knife", "gun", "hurt", "fight", "death", "secret",
        "lie", "trust", "alone", "honey", "sugar", "heroin", "heron", "rope", "chain", "collar",
    }  # fmt: skip
    assert unwanted.isdisjoint(passphrase.word_list())


def test_a_passphrase_is_five_random_list_words(monkeypatch) -> None:
    drawn: list[int] = []
    real = secrets.choice

    def choice(seq):
        drawn.append(len(seq))
        return real(seq)

    monkeypatch.setattr(secrets, "choice", choice)
    made = passphrase.new_passphrase()
    words = made.split("-")
    assert len(words) == 5 and set(words) <= set(passphrase.word_list())
    assert drawn == [1024] * 5  # each word drawn by the secure generator from the whole list
    assert len({passphrase.new_passphrase() for _ in range(20)}) == 20


def test_a_mention_is_found_however_it_is_written() -> None:
    secret = "maple-otter-cocoa-tulip-pebble"
    assert passphrase.mentions("Password: Maple Otter cocoa, tulip pebble!", secret)
    assert passphrase.mentions("mapleottercocoatulippebble", secret)
    assert not passphrase.mentions("Maple otter cocoa tulip", secret)
    assert not passphrase.mentions("anything", "")
