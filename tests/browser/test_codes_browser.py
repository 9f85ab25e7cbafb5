"""Door codes in the panel, in a real headless Chromium on a real Home Assistant: enrolling
an authenticator (a QR code a phone can read), and a code book issued, printed and revoked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.housekey.const import EVENT_ACCESS, EVENT_ADMIN

from ..conftest import FRONT, Recorder, call, setup_household
from .conftest import ADMIN, Clock, Server, local
from .harness import SCREENSHOTS, Page, log_in
from .test_panel_browser import PANEL, VIEWPORTS, open_panel

pytestmark = pytest.mark.xdist_group("network_namespace")  # as the other browser tests

CLEANER = {
    "name": "Cleo",
    "role": "service",
    "locks": [FRONT],
    "weekly": [{"days": ["tue"], "start": "10:00", "end": "13:00"}],
}
#: the data-test of the element that has the keyboard focus, through shadow roots
FOCUSED = """(() => {
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement)
    active = active.shadowRoot.activeElement;
  return active ? active.getAttribute("data-test") : null;
})()"""
QR = f"{PANEL} [data-test=otp-qr]"
#: an A4 sheet at 96 dpi, for a screenshot of what prints
PAPER = {"width": 794, "height": 1123}
SHEET = "hk-code-sheet"


async def focused(page: Page) -> str | None:
    found = await page.evaluate(FOCUSED)
    return None if found is None else str(found)


async def texts(page: Page, selector: str) -> list[str]:
    """Return the text of every element the selector finds, trimmed."""
    found: list[str] = await page.on(selector, "allInnerTexts")
    return [text.strip() for text in found]


def admin_actions(events: Recorder) -> list[tuple[str, Any]]:
    return [(e["action"], e["actor"]) for e in events.of(EVENT_ADMIN)]


async def test_enrolling_an_authenticator_shows_a_qr_code_a_phone_reads_as_the_uri_once(
    hass: HomeAssistant, server: Server, page: Page, events: Recorder
) -> None:
    entry = await setup_household(hass)
    alice = (await call(hass, "add_person", {"name": "Alice", "pin": "480213"}))["person_id"]
    await log_in(page, ADMIN)
    await open_panel(page, "people")
    row = f"{PANEL} [data-test=person-row][data-person='{alice}']"
    assert await texts(page, f"{row} td:nth-child(6)") == ["PIN only"]

    await page.click(f"{PANEL} [data-test='edit-{alice}']")
    await page.click(f"{PANEL} [data-test=otp-enrol]")
    await page.wait(QR)
    src = await page.attr(QR, "src")
    assert src is not None and src.startswith("data:image/png;base64,")
    box = await page.on(QR, "boundingBox")
    assert box["width"] >= 150 and box["height"] >= 150
    uri = (await page.text(f"{PANEL} [data-test=otp-uri]")).strip()
    secret = (await page.text(f"{PANEL} [data-test=otp-secret]")).strip()
    # What the screen shows is what a phone reads: the URI, carrying the secret Housekey keeps.
    assert await page.qr(QR) == uri
    assert pyotp.parse_uri(uri).secret == secret
    assert entry.runtime_data.household.people[alice].otp_secret == secret
    assert "shown only now" in await page.text(f"{PANEL} [role=note]")
    await page.screenshot("codes-desktop-light-enrolment")
    code = pyotp.TOTP(secret).now()
    assert (await call(hass, "submit_code", {"lock": FRONT, "code": code}))["granted"]
    assert events.of(EVENT_ACCESS)[-1]["person_id"] == alice

    # Dismissed, it is gone from the page; the list says only that Alice has one.
    await page.click(f"{PANEL} [data-test=otp-done]")
    assert await page.count(QR) == 0
    assert secret not in await page.all_text()
    assert await page.text(f"{PANEL} [data-test=otp-state]") == "Enrolled"
    await page.click(f"{PANEL} [data-test=cancel]")
    await page.wait(f"{row} [data-test=has-authenticator]")
    assert secret not in await page.all_text() and "otpauth" not in await page.all_text()

    # Enrolling again asks first, the keyboard on the safe answer; a no changes nothing.
    await page.click(f"{PANEL} [data-test='edit-{alice}']")
    await page.click(f"{PANEL} [data-test=otp-enrol-again]")
    assert await focused(page) == "otp-cancel"
    await page.on(f"{PANEL} [data-test=otp-cancel]", "press", "Enter")
    assert entry.runtime_data.household.people[alice].otp_secret == secret
    await page.click(f"{PANEL} [data-test=otp-enrol-again]")
    await page.click(f"{PANEL} [data-test=otp-confirm]")
    await page.wait(QR)
    again = (await page.text(f"{PANEL} [data-test=otp-secret]")).strip()
    assert again != secret and entry.runtime_data.household.people[alice].otp_secret == again
    assert await page.qr(QR) == (await page.text(f"{PANEL} [data-test=otp-uri]")).strip()
    await page.click(f"{PANEL} [data-test=otp-done]")

    # Removing asks first too.
    await page.click(f"{PANEL} [data-test=otp-remove]")
    assert await focused(page) == "otp-cancel"
    await page.click(f"{PANEL} [data-test=otp-confirm]")
    await page.wait(f"{PANEL} [data-test=otp-state] >> text=Not enrolled")
    assert entry.runtime_data.household.people[alice].otp_secret is None
    await page.click(f"{PANEL} [data-test=cancel]")
    await page.wait(f"{row} [data-test=has-authenticator]", "detached")
    user = server.admin.id
    assert admin_actions(events)[-3:] == [
        ("authenticator_enrolled", user),
        ("authenticator_enrolled", user),
        ("authenticator_removed", user),
    ]


def tuesday(day: int) -> str:
    """How the panel shows Cleo's window on a Tuesday in December 2026, household time."""
    return f"Tue, Dec {day}, 2026, 10:00\N{EN DASH}13:00"


def pdf_pages(path: Path) -> int:
    """Return how many pages a PDF Chromium printed has."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


async def test_a_code_book_from_the_panel_prints_alone_on_one_page_and_is_revoked(
    hass: HomeAssistant, clock: Clock, server: Server, page: Page, events: Recorder
) -> None:
    entry = await setup_household(hass)
    cleo = (await call(hass, "add_person", CLEANER))["person_id"]
    # A browser in another time zone than the household's: windows show in the household's.
    await log_in(page, ADMIN, timezoneId="Asia/Tokyo")
    await page.set_time(dt_util.utcnow())  # Tuesday 09:50 at home
    clock.pages.append(page)
    await open_panel(page, "people")
    row = f"{PANEL} [data-test=person-row][data-person='{cleo}']"

    await page.click(f"{PANEL} [data-test='book-{cleo}']")
    assert await page.on(f"{PANEL} [data-test=book-from]", "inputValue") == "2026-12-08"
    assert await page.text(f"{PANEL} [data-test=book-state]") == "No code book yet"
    await page.click(f"{PANEL} [data-test=book-issue]")
    await page.wait(f"{PANEL} [data-test=book-row] >> nth=0")
    shown = await texts(page, f"{PANEL} [data-test=book-code]")
    # Four weeks from now: her Tuesdays, today's window (not yet open) first. The same
    # codes as a reprint through the action.
    reprint = await call(hass, "issue_code_book", {"person": cleo, "until": "2027-01-05T00:00"})
    assert shown == [c["code"] for c in reprint["codes"]] and len(shown) == 4
    windows = await texts(page, f"{PANEL} [data-test=book-window]")
    assert windows == [tuesday(day) for day in (8, 15, 22, 29)]
    await page.screenshot("codes-desktop-light-book")

    # On paper: the household, the person, her door and each code with its window, alone.
    await page.call("emulateMedia", {"media": "print"})
    try:
        assert await page.on(SHEET, "isVisible")
        assert not await page.on("home-assistant", "isVisible")
        assert not await page.on(f"{PANEL} [data-test=book-print]", "isVisible")
        assert await page.text(f"{SHEET} h1") == "Maple Street"
        assert await page.text(f"{SHEET} h2") == "Door codes for Cleo"
        assert "Front door" in await page.text(f"{SHEET} dl")
        assert "Back door" not in await page.text(f"{SHEET} dl")
        printed = await texts(page, f"{SHEET} li")
        assert [line.split()[1] for line in printed] == shown
        assert printed[0].endswith(tuesday(8))
        await page.call("setViewportSize", PAPER)
        await page.screenshot("codes-print")
        await page.call("setViewportSize", VIEWPORTS["desktop"])
        pdf = SCREENSHOTS / "codes-print.pdf"
        await page.call("pdf", {"path": str(pdf), "format": "A4"})
        assert pdf_pages(pdf) == 1
    finally:
        await page.call("emulateMedia", {"media": "screen"})
    await page.click(f"{PANEL} [data-test=book-print]")  # the browser's print dialog: none here

    # The first code opens the front door in its window.
    await clock.move_to(local("2026-12-08 10:30:00"))
    assert (await call(hass, "submit_code", {"lock": FRONT, "code": shown[0]}))["granted"]
    assert events.of(EVENT_ACCESS)[-1]["person_id"] == cleo

    # Closed, the codes are gone from the page, the printable sheet with them.
    await page.on(f"{PANEL} [data-test=book-done]", "press", "Enter")
    await page.wait(SHEET, "detached")
    await page.wait(f"{row} [data-test=has-code-book]")
    page_text = await page.all_text()
    assert not any(code in page_text for code in shown)

    # Revoking asks first; then no code of the book opens any more.
    await page.click(f"{PANEL} [data-test='book-{cleo}']")
    assert await page.text(f"{PANEL} [data-test=book-state]") == "A code book is active"
    await page.click(f"{PANEL} [data-test=book-revoke]")
    assert await focused(page) == "book-cancel"
    await page.click(f"{PANEL} [data-test=book-revoke-confirm]")
    await page.wait(f"{PANEL} [data-test=book-revoked]")
    assert entry.runtime_data.household.people[cleo].book is None
    await clock.move_to(local("2026-12-15 10:30:00"))
    assert not (await call(hass, "submit_code", {"lock": FRONT, "code": shown[1]}))["granted"]
    await page.on(f"{PANEL} [data-test=book-close]", "press", "Enter")
    await page.wait(f"{row} [data-test=has-code-book]", "detached")
    user = server.admin.id
    assert ("code_book_issued", user) in admin_actions(events)
    assert admin_actions(events)[-1] == ("code_book_revoked", user)


async def test_screenshots_of_enrolment_and_the_code_book_light_dark_and_narrow(
    hass: HomeAssistant, clock: Clock, server: Server, page: Page
) -> None:
    """Save what enrolment and a code book look like (tests/browser/screenshots/)."""
    entry = await setup_household(hass)
    alice = (await call(hass, "add_person", {"name": "Alice", "pin": "480213"}))["person_id"]
    cleo = (await call(hass, "add_person", CLEANER))["person_id"]
    await log_in(page, ADMIN)
    await page.set_time(dt_util.utcnow())
    await open_panel(page, "people")
    saved = []
    for size, viewport in VIEWPORTS.items():
        await page.call("setViewportSize", viewport)
        for scheme in ("light", "dark"):
            await page.call("emulateMedia", {"colorScheme": scheme})
            shot = f"codes-{size}-{scheme}"
            if entry.runtime_data.household.people[alice].otp_secret is not None:
                await call(hass, "remove_authenticator", {"person": alice})
                await page.wait(
                    f"{PANEL} [data-person='{alice}'] [data-test=has-authenticator]", "detached"
                )
            await page.click(f"{PANEL} [data-test='edit-{alice}']")
            await page.click(f"{PANEL} [data-test=otp-enrol]")
            await page.wait(QR)
            saved.append(await page.screenshot(f"{shot}-enrolment"))
            await page.click(f"{PANEL} [data-test=otp-done]")
            await page.click(f"{PANEL} [data-test=cancel]")
            await page.click(f"{PANEL} [data-test='book-{cleo}']")
            await page.wait(f"{PANEL} [data-test=book-issue]")
            saved.append(await page.screenshot(f"{shot}-book-form"))
            await page.click(f"{PANEL} [data-test=book-issue]")
            await page.wait(f"{PANEL} [data-test=book-row] >> nth=0")
            saved.append(await page.screenshot(f"{shot}-book"))
            await page.click(f"{PANEL} [data-test=book-done]")
            await page.wait(f"{PANEL} [data-test='book-{cleo}']")
            saved.append(await page.screenshot(f"{shot}-people"))
    assert len({path.name for path in saved}) == 16


async def test_the_largest_code_book_prints_on_one_page(
    hass: HomeAssistant, clock: Clock, server: Server, page: Page
) -> None:
    await setup_household(hass)
    ana = (await call(hass, "add_person", {"name": "Ana", "pin": "480213"}))["person_id"]
    await log_in(page, ADMIN)
    await page.set_time(dt_util.utcnow())
    await open_panel(page, "people")
    await page.click(f"{PANEL} [data-test='book-{ana}']")
    await page.fill(f"{PANEL} [data-test=book-length]", "120")
    await page.on(f"{PANEL} [data-test=book-unit]", "selectOption", "days")
    await page.click(f"{PANEL} [data-test=book-issue]")
    await page.wait(f"{PANEL} [data-test=book-row] >> nth=99")
    assert await page.count(f"{PANEL} [data-test=book-row]") == 100  # one a day, at most 100
    # Whole days in household time, across the change to summer time (March 14) too.
    windows = await texts(page, f"{PANEL} [data-test=book-window]")
    assert windows[0] == "Tue, Dec 8, 2026, all day"
    assert "Sun, Mar 14, 2027, all day" in windows and windows[-1] == "Wed, Mar 17, 2027, all day"
    assert all(window.endswith(", all day") for window in windows)
    await page.call("emulateMedia", {"media": "print"})
    try:
        assert len(await texts(page, f"{SHEET} li")) == 100
        pdf = SCREENSHOTS / "codes-print-100.pdf"
        await page.call("pdf", {"path": str(pdf), "format": "A4"})
        letter = SCREENSHOTS / "codes-print-100-letter.pdf"
        await page.call("pdf", {"path": str(letter), "format": "Letter"})
        assert (pdf_pages(pdf), pdf_pages(letter)) == (1, 1)
        await page.screenshot("codes-print-100")
    finally:
        await page.call("emulateMedia", {"media": "screen"})
