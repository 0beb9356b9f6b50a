"""Sealing a clinician's PDF with the practice's key, and checking a seal.

The seal is a PAdES baseline B-B signature (pyHanko; no network). The practice's key
is an EC P-256 key with a self-signed certificate naming the practice, made on first
use and kept in ``practice-seal.p12`` in the data folder (mode 0600), encrypted with a
random passphrase held in the system keyring, or, where the system has none, in
``practice-seal.pass`` beside it. A self-signed seal proves that the file is unchanged
since it was sealed, not who the practice is. pyHanko takes about a second to import:
it is imported when a PDF is sealed or checked, never at start.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.fileio import write_private_atomic
from therapist_desk.sharing import secrets as keyring_secrets

KEY_FILE = "practice-seal.p12"
PASS_FILE = "practice-seal.pass"
KEYRING_SERVICE = "therapist-desk-seal"
FIELD = "PracticeSeal"
YEARS = 10


class SealState:
    """What a check of a file found (``code`` is the exit status of ``verify``)."""

    UNCHANGED, CHANGED, UNSEALED, NOT_PDF = 0, 1, 1, 2


@dataclass(frozen=True)
class SealCheck:
    """The result of checking a file's seal: a line to say, and an exit status."""

    code: int
    line: str
    sealed_by: str = ""
    sealed_at: dt.datetime | None = None


def _passphrase(folder: Path, *, create: bool) -> bytes | None:
    """The key file's passphrase: from the keyring, else the file beside it."""
    account = str(folder.expanduser().resolve())
    backend = keyring_secrets._backend()
    stored: str | None = None
    if backend is not None:
        try:
            stored = backend.get_password(KEYRING_SERVICE, account)
        except Exception:
            stored = None
    if stored is None and (folder / PASS_FILE).exists():
        stored = (folder / PASS_FILE).read_text(encoding="ascii").strip()
    if stored is None and create:
        stored = secrets.token_urlsafe(32)
        kept = False
        if backend is not None:
            try:
                backend.set_password(KEYRING_SERVICE, account, stored)
                kept = backend.get_password(KEYRING_SERVICE, account) == stored
            except Exception:
                kept = False
        if not kept:
            write_private_atomic(folder / PASS_FILE, stored.encode("ascii"), what="the seal key")
    return stored.encode("ascii") if stored is not None else None


def _make_key(practice: str, passphrase: bytes) -> bytes:
    """A new self-signed practice certificate and its key, as encrypted PKCS#12."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, practice[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, practice[:64]),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"practice-seal", key, cert, None, serialization.BestAvailableEncryption(passphrase)
    )


def practice_signer(folder: Path, practice: str) -> Any:
    """The practice's signer, its key made on first use (pyHanko's ``SimpleSigner``)."""
    from pyhanko.sign import signers

    path = folder / KEY_FILE
    passphrase = _passphrase(folder, create=not path.exists())
    if not path.exists():
        assert passphrase is not None
        write_private_atomic(path, _make_key(practice, passphrase), what="the seal key")
    if passphrase is None:
        raise UserError(
            f"The practice's seal key {path} cannot be opened: its passphrase is in neither "
            "the system keyring nor the data folder. Move the key file away to make a new "
            "one; PDFs sealed before still verify."
        )
    signer = signers.SimpleSigner.load_pkcs12_data(path.read_bytes(), [], passphrase)
    if signer is None:
        raise UserError(f"The practice's seal key {path} cannot be opened.")
    return signer


def seal_pdf(pdf: bytes, *, folder: Path, practice: str, password: str | None = None) -> bytes:
    """``pdf`` sealed with the practice's key (PAdES B-B); a later change breaks the seal.

    ``password``: the password ``pdf`` is already protected with (the seal keeps it so).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    practice = practice.strip() or "Therapist Desk practice"
    signer = practice_signer(folder, practice)
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    if password:
        writer.encrypt(password.encode("utf-8"))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=practice,
        reason="Sealed by the practice: any later change to this file breaks the seal.",
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()


def _subject(status: Any) -> str:
    try:
        return str(status.signing_cert.subject.native.get("common_name", "")) or "the practice"
    except Exception:
        return "the practice"


def check_seal(data: bytes, password: str | None = None) -> SealCheck:
    """Whether ``data`` is a sealed PDF, unchanged since it was sealed.

    A PDF protected with a password is checked with ``password``.
    """
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        return SealCheck(SealState.NOT_PDF, "This is not a PDF file.")
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its own traces of a changed file
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted:
            if not password:
                return SealCheck(
                    SealState.NOT_PDF,
                    "This PDF is protected with a password: give it (--password-file) to "
                    "check the seal.",
                )
            if not reader.decrypt(password.encode("utf-8")).status.value:
                return SealCheck(SealState.NOT_PDF, "The password does not open this PDF.")
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        return SealCheck(SealState.NOT_PDF, f"This PDF cannot be read ({type(err).__name__}).")
    if not signatures:
        return SealCheck(
            SealState.UNSEALED, "This PDF is not sealed: nothing shows whether it was changed."
        )
    embedded = signatures[-1]
    try:
        cert = embedded.signer_cert
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[cert]))
    except Exception as err:  # a damaged signature is a broken seal, whatever the cause
        return SealCheck(SealState.CHANGED, f"The seal is broken ({type(err).__name__}).")
    by, when = _subject(status), status.signer_reported_dt
    on = when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if when else "an unknown date"
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not (status.intact and status.valid):
        return SealCheck(
            SealState.CHANGED,
            f"The seal by {by} is broken: the file was changed after it was sealed on {on}.",
            by,
            when,
        )
    if not whole:
        return SealCheck(
            SealState.CHANGED,
            f"Sealed by {by} on {on}, but changed since: something was added to the file "
            "after it was sealed.",
            by,
            when,
        )
    return SealCheck(SealState.UNCHANGED, f"Sealed by {by} on {on}, unchanged.", by, when)
