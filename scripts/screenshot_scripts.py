"""Refresh docs/screenshots/scripts-*.png: the app with a client name in every script, and
two PDF pages (rendered by pdftoppm): names and notes in every script, and wrapped
right-to-left notes with mixed lines.

Run under a virtual screen:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_scripts.py
The names are synthetic.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("THERAPIST_DESK_HOME", tempfile.mkdtemp(prefix="td-scripts-"))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtCore import QTimer  # noqa: E402
from screenshots import grab, settle, write_settings  # noqa: E402

from therapist_desk.app import ensure_application, start  # noqa: E402
from therapist_desk.intake.audience import Audience  # noqa: E402
from therapist_desk.models import ClientCreate, IntakeMode  # noqa: E402
from therapist_desk.services import clients, intakes  # noqa: E402
from therapist_desk.ui.clients.client_dialog import ClientDialog  # noqa: E402

PEOPLE = [
    [{"name": "أميرة الحسيني", "preferred_name": "Amira"}],
    [{"name": "王芳"}],
    [{"name": "さくら 山田"}],
    [{"name": "김민준"}],
    [{"name": "अनन्या शर्मा"}],
    [{"name": "ธิดา สุขใจ"}],
    [{"name": "Jordan Okafor-Brennan"}],
    [
        {
            "name": "Dana Cohen",
            "preferred_name": "דנה כהן",
            "pronouns": "she/her",
            "notes": "Prefers morning sessions 🙂 — says hello in Hebrew: שלום 👋🏽",
        },
        {"name": "Noa Levi-Haddad", "preferred_name": "נועה"},
    ],
]


NOTE_LINES = (
    "Hebrew: שלום עולם",
    "Arabic: قالت لا بأس",
    "Chinese: 我们想好好沟通",
    "Japanese: よろしくお願いします",
    "Korean: 잘 부탁드립니다",
    "Devanagari: हम बात करना चाहते हैं",
    "Thai: เราอยากคุยกัน",
    "Emoji: Feeling hopeful 😀 ❤️ 👍",
    "Mixed: Client: דנה כהן (ID 42)",
)
RTL_NOTES = (
    (
        "A note in Hebrew (synthetic)",
        "הזוג הגיע לטיפול אחרי שנה של ויכוחים על כסף ועל הילדים. דנה אומרת שהיא מרגישה לבד "
        "בבית, ונועה אומרת שהיא עובדת יותר מדי (בערך 60 שעות בשבוע). שתיהן רוצות ללמוד לדבר "
        "בלי לצעוק, ושתיהן מסכימות שטיפול זוגי יכול לעזור. המטרה הראשונה: שיחה אחת בשבוע "
        "של עשרים דקות, בלי טלפונים.",
    ),
    (
        "A note in Arabic (synthetic)",
        "جاءت أميرة وليلى إلى العلاج بعد سنة من الخلافات حول المال والأطفال. تقول أميرة إنها "
        "تشعر بالوحدة في البيت، وتقول ليلى إنها تعمل كثيرًا (حوالي 60 ساعة في الأسبوع). "
        "كلتاهما تريدان أن تتعلما الحديث دون صراخ، وتتفقان على أن العلاج يمكن أن يساعد. "
        "الهدف الأول: حديث واحد في الأسبوع لمدة عشرين دقيقة، بدون هواتف.",
    ),
    (
        "Hebrew and English (synthetic)",
        "Dana wrote: אני רוצה שנדבר יותר (לפחות פעם בשבוע), and Noa agreed 🙂. They both "
        "said שלום to the two friends, 王芳 and अनन्या, who had suggested couples therapy.",
    ),
    (
        "Mixed lines (synthetic)",
        "Client: דנה כהן (ID 42)\nClient: أميرة الحسيني (ID 42)\nالعميلة: أميرة الحسيني (رقم 42)",
    ),
)


def pdf_page_shot(pdf: bytes, marker: str, name: str, resolution: int) -> None:
    """The first page of ``pdf`` holding ``marker``, as docs/screenshots/``name``.png."""
    import io
    import subprocess

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    number = next(i + 1 for i, p in enumerate(pages) if marker in p.extract_text())
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "summary.pdf"
        source.write_bytes(pdf)
        page = ["-f", str(number), "-l", str(number), "-singlefile"]
        run = ["pdftoppm", "-png", "-r", str(resolution), *page, str(source), str(OUT / name)]
        subprocess.run(run, check=True)
    print("wrote", OUT / f"{name}.png")


def pdf_shots() -> None:
    """A client PDF with names and notes in every script; wrapped right-to-left notes."""
    from dataclasses import replace

    from therapist_desk.reports import render_report
    from therapist_desk.reports.data import Note
    from therapist_desk.reports.sample import sample_couple

    data = sample_couple()
    a, b = data.participants
    named = (
        replace(a, display_name="דנה כהן", full_name="דנה כהן"),
        replace(b, display_name="अनन्या शर्मा", full_name="अनन्या शर्मा"),
    )
    note = Note("Observations (synthetic)", "\n".join(NOTE_LINES), from_clients=True)
    every = replace(data, practice_name="王芳 Counselling", participants=named, notes=(note,))
    pdf_page_shot(render_report(every, variant="client"), "Observations", "scripts-pdf", 80)
    notes = tuple(Note(title, text) for title, text in RTL_NOTES)
    rtl = replace(data, participants=named, notes=notes)
    pdf = render_report(rtl, variant="clinician")
    pdf_page_shot(pdf, "A note in Hebrew", "scripts-pdf-rtl", 100)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pdf_shots()
    write_settings("light")
    app = ensure_application()
    window = start(None)
    assert window is not None
    window.resize(1280, 760)
    last = 0
    for people in PEOPLE:
        kind = "couple" if len(people) == 2 else "individual"
        last = clients.create_client(
            practice=window.practice,
            data=ClientCreate.model_validate({"kind": kind, "participants": people}),
        )
    window.show_home()
    window.rooms.clients_page.select_client(last)
    controller = window.rooms.clients
    deadline = time.monotonic() + 20
    while (controller.loading or controller.view is None) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    grab(window, "scripts-gui.png", app)
    dialog = ClientDialog(window, editing=True)
    dialog.load(clients.client_form(practice=window.practice, client_id=last))
    dialog.show()
    grab(dialog, "scripts-gui-note.png", app)
    dialog.reject()
    intake = intakes.start_intake(practice=window.practice, client_id=last, mode=IntakeMode.VIDEO)
    window.rooms.intake.open_draft(intakes.latest_draft(practice=window.practice, client_id=last))
    window.audience.set(Audience.alone("p1"))
    grab(window, "scripts-gui-intake.png", app)
    assert intake == window.rooms.intake.intake_id
    window.audience.set(Audience.clinician())
    window.rooms.intake.close_wizard()
    QTimer.singleShot(0, window.close)
    settle(app)


if __name__ == "__main__":
    main()
