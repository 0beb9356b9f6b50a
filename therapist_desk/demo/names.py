"""Invented names of many origins. Any match with a real person is a coincidence."""

from __future__ import annotations

# fmt: off
FIRST_NAMES = (
    "Amélie", "Jonas", "Zoë", "Björn", "Chloé", "Kai", "Inès", "Mateo", "Ana", "Léa", "Aisha",
    "Omar", "Yuki", "Haruto", "Mei", "Wei", "Priya", "Arjun", "Ngozi", "Chinedu", "Sofía",
    "Diego", "Lucía", "Tomás", "Olga", "Dmitri", "Agnieszka", "Piotr", "Ingrid", "Lars",
    "Siobhán", "Ciarán", "Fatima", "Youssef", "Leilani", "Keanu", "Aroha", "Tane", "Noa",
    "Eitan", "Elif", "Emre", "Thandiwe", "Sipho", "Camille", "Théo", "Giulia", "Marco", "Hana",
    "Minjun", "Linh", "Minh", "Ayasha", "Dakota", "Zainab", "Tariq", "Saoirse", "Oisín",
    "Maja", "Jakub", "Rosa", "Joaquim", "Freya", "Sven", "Amara", "Kwame", "Nadia", "Rafael",
    "Ilse", "Matthijs", "Valentina", "Andrés", "Eun-ji",
)
LAST_NAMES = (
    "Moreau", "Berg", "Quinn", "Økland", "Dubois", "Silva", "Novák", "Kowalski", "Lund",
    "Okafor", "Adeyemi", "Tanaka", "Sato", "Chen", "Wang", "Sharma", "Iyer", "García",
    "Fernández", "Ivanova", "Petrov", "Nowak", "Lindqvist", "Ó Briain", "Mac Giolla",
    "El Amrani", "Haddad", "Kahale", "Ngata", "Levi", "Yılmaz", "Demir", "Dlamini", "Nkosi",
    "Lefèvre", "Rossi", "Bianchi", "Kim", "Park", "Nguyễn", "Trần", "Begay", "Hassan",
    "Rahman", "Murphy", "Kelly", "Andersen", "Jensen", "Mensah", "Boateng", "Costa", "Pereira",
    "de Vries", "Jansen", "Müller", "Schäfer", "Łukasik", "Horváth",
)
# fmt: on
PRONOUNS = ("she/her", "he/him", "they/them", None, None)
CLINICIANS = ("Dr Rowan Ellery", "Sam Okonkwo-Hart", "Alex Marchetti")
