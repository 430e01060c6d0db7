"""The phone page in a real browser (Debian's headless chromium through selenium), opened from a
file:// address as a member who got it by AirDrop would open it, on a 360 × 780 phone screen:
no sideways scrolling, fields iOS will not zoom into, answers kept over a reload, the check, the
notes text the copy and download buttons give, the speaker's clock, and a page that still works
when the browser refuses storage."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip(f"needs {CHROMIUM} and {DRIVER} (Debian's chromium and chromium-driver)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WIDTH, HEIGHT = 360, 780


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from click.testing import CliRunner

    from outline_export.cli import main

    root = tmp_path_factory.mktemp("church")
    for folder in ("outlines", "assets"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "outline-export.toml", root)
    here = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["render", "outlines/great-sin.yaml", "-k", "handout", "-k", "notes",
                                           "-f", "html"])
        assert result.exit_code == 0, result.output
        # Large Print (16 pt): long blanks in nested lists, the widest page of the samples
        result = CliRunner().invoke(main, ["render", "outlines/two-cycles.yaml", "-a", "seniors", "-k", "handout",
                                           "-f", "html"])
        assert result.exit_code == 0, result.output
        result = CliRunner().invoke(main, ["render", "outlines/keun-joe.yaml", "-k", "handout", "-f", "html"])
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(here)
    out = {kind: (root / "output" / f"great-sin-{kind}.html").as_uri() for kind in ("handout", "notes")}
    out["large"] = (root / "output" / "seniors" / "two-cycles-handout.html").as_uri()
    out["korean"] = (root / "output" / "keun-joe-handout.html").as_uri()
    return out


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})
    yield driver
    driver.quit()


def fresh(browser, url):
    """``url`` opened with nothing kept from an earlier test."""
    browser.get(url)
    browser.execute_script("try { localStorage.clear(); } catch (e) {}")
    browser.get(url)


def inputs(browser):
    return browser.find_elements(By.CSS_SELECTOR, "input[data-n]")


def test_a_phone_screen_has_no_sideways_scroll_and_fields_ios_will_not_zoom(browser, pages):
    for kind in ("handout", "notes", "large", "korean"):
        fresh(browser, pages[kind])
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert browser.execute_script("return window.innerWidth") == WIDTH
        assert width <= WIDTH, f"the {kind} page is {width} px wide on a {WIDTH} px screen"
    fresh(browser, pages["handout"])
    fields = browser.find_elements(By.CSS_SELECTOR, "input, textarea, button")
    assert len(fields) > 10
    for field in fields:
        size = browser.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", field)
        assert size >= 16, (field.get_attribute("id"), size)
    for field in inputs(browser):  # sized to the blank, and never wider than the screen
        box = field.rect
        assert box["width"] > 100 and box["x"] + box["width"] <= WIDTH


def test_answers_and_notes_survive_a_reload(browser, pages):
    fresh(browser, pages["handout"])
    assert browser.execute_script("return outlinePage.saving()") is True
    first, second = inputs(browser)[:2]
    first.send_keys("JUSTICE ")
    second.send_keys("grace")
    browser.find_element(By.TAG_NAME, "textarea").send_keys("Confess before asking.")
    browser.refresh()
    first, second = inputs(browser)[:2]
    assert first.get_attribute("value") == "JUSTICE "
    assert second.get_attribute("value") == "grace"
    assert browser.find_element(By.TAG_NAME, "textarea").get_attribute("value") == "Confess before asking."
    assert browser.find_element(By.ID, "saved").is_displayed()


def test_check_marks_right_and_wrong_in_words_and_reveals_the_answer(browser, pages, tmp_path):
    fresh(browser, pages["handout"])
    first, second = inputs(browser)[:2]
    first.send_keys("  JUSTICE ")  # the answer is "justice": case and spaces do not count
    second.send_keys("grace")  # the answer is "mercy"
    button = browser.find_element(By.ID, "check")
    browser.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    marks = [browser.find_element(By.ID, f.get_attribute("id") + "-mark") for f in (first, second)]
    assert marks[0].get_property("textContent") == "✓\u00a0Right"
    assert marks[1].get_property("textContent") == "✗\u00a0The answer: mercy"
    assert marks[1].is_displayed()
    assert browser.find_element(By.ID, "summary").text == f"1 of {len(inputs(browser))} right"
    assert browser.execute_script("return outlinePage.normal('“Don’t”  Fear')") == '"don\'t" fear'
    shot = tmp_path / "phone.png"
    browser.execute_script("arguments[0].scrollIntoView()", first)
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(data[16:20], "big") == WIDTH  # the IHDR width


def test_the_notes_text_holds_the_title_the_answers_and_the_notes(browser, pages):
    fresh(browser, pages["handout"])
    first, second = inputs(browser)[:2]
    first.send_keys("justice")
    second.send_keys("mercy")
    areas = browser.find_elements(By.TAG_NAME, "textarea")
    areas[-1].send_keys("Pray for Sam.")
    text = browser.execute_script("return outlinePage.notesText()")
    lines = text.splitlines()
    assert lines[0] == "A Great Sin Confessed"
    assert "My answers" in lines and "1. justice" in lines and "2. mercy" in lines and "3. ___" in lines
    assert lines[-4:] == ["My notes", "", "Notes", "Pray for Sam."]  # the Notes box: its label, then the note
    assert browser.execute_script("return outlinePage.fileName()") == "great-sin@2026-03-22-notes.txt"
    # the download button gives that text (the browser's download itself is not followed here)
    assert browser.execute_script("return outlinePage.download()") == text


def test_the_speakers_clock_runs_after_start(browser, pages):
    fresh(browser, pages["notes"])
    assert not browser.find_elements(By.CSS_SELECTOR, "input, textarea")
    elapsed = browser.find_element(By.ID, "elapsed")
    assert elapsed.text == "00:00"
    browser.find_element(By.ID, "start").click()
    WebDriverWait(browser, 10).until(lambda _: elapsed.text != "00:00")
    assert elapsed.text.startswith("00:0")
    browser.find_element(By.ID, "pause").click()
    browser.find_element(By.ID, "reset").click()
    assert elapsed.text == "00:00"
    browser.execute_script("window.scrollTo(0, 2000)")  # the clock stays in sight
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", elapsed) < 60


def test_the_page_works_when_the_browser_refuses_storage(browser, pages):
    deny = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "Object.defineProperty(window, 'localStorage', {get: function () {"
        " throw new DOMException('The operation is insecure.', 'SecurityError'); }});")})
    try:
        browser.get(pages["handout"])
        assert browser.execute_script("return outlinePage.saving()") is False
        assert not browser.find_element(By.ID, "saved").is_displayed()  # it does not promise to keep them
        first = inputs(browser)[0]
        first.send_keys("Justice")
        browser.execute_script("outlinePage.check()")
        assert browser.find_element(By.ID, first.get_attribute("id") + "-mark").get_property("textContent") == "✓\u00a0Right"
        assert "1. Justice" in browser.execute_script("return outlinePage.notesText()")
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": deny["identifier"]})


# Every word of a page's paragraphs, as laid out: how many line boxes it takes (1: not broken).
_WORD_LINES = """
const out = [];
for (const p of document.querySelectorAll('main p')) {
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const re = /\\S+/g; let m;
    while ((m = re.exec(node.data))) {
      const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
      out.push([m[0], tops.size]);
    }
  }
}
return out;
"""


def test_korean_lines_break_between_words_not_inside_them(browser, pages):
    """Korean print breaks at the spaces between words; a browser's default breaks inside them."""
    fresh(browser, pages["korean"])
    words = browser.execute_script(_WORD_LINES)
    hangul = [(w, n) for w, n in words if any("\uac00" <= ch <= "\ud7a3" for ch in w)]
    assert len(hangul) > 100
    assert [w for w, n in hangul if n > 1] == []
