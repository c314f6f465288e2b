"""The message catalogues are complete, every template string is marked, and each language counts its plurals.

A template's text a person reads belongs inside {% translate %} or {% blocktranslate %}; outside them a
template may hold tags, attributes, classes, addresses, variables and lone symbols ("·", "—", "%"), but no
letters. The few words that are the same in every language are in ALLOWED_WORDS.
"""
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
TEMPLATES = ROOT / "templates"

# Words no language translates: the programme's name. Keep this list short and explain each entry.
ALLOWED_WORDS = {
    "U4SSC",  # United for Smart Sustainable Cities, the programme's name in every language
}
# Expected plural forms: nplurals and, for some counts, the form each count takes.
PLURALS = {
    "fr": (2, {0: 0, 1: 0, 2: 1, 5: 1}),
    "es": (3, {1: 0, 2: 2, 5: 2, 1000000: 1}),
    "ar": (6, {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5}),
}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def _unquote(text):
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text[1:-1])


def po_entries(path):
    """Each entry of a .po file: its flags, msgctxt, msgid, msgid_plural and msgstr (a dict by form), and line."""
    entries, entry, key = [], None, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines() + [""], start=1):
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"flags": set(), "msgstr": {}, "line": number, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        else:
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")$', line)
            if match:
                name, form = match.group(1), match.group(2)
                key = ("msgstr", int(form or 0)) if name.startswith("msgstr") else (name, None)
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] = _unquote(match.group(3))
                else:
                    entry[key[0]] = _unquote(match.group(3))
            elif key is not None:
                if key[0] == "msgstr":
                    entry["msgstr"][key[1]] += _unquote(line)
                else:
                    entry[key[0]] += _unquote(line)
    return entries


def catalogues():
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def header(entries):
    head = next(entry for entry in entries if entry["msgid"] == "")
    return dict(line.split(": ", 1) for line in head["msgstr"][0].splitlines() if ": " in line), head


def test_every_catalogue_is_complete_with_no_fuzzy_or_untranslated_entry():
    problems = []
    assert catalogues(), "the catalogues are in locale/"
    for path in catalogues():
        entries = po_entries(path)
        fields, head = header(entries)
        nplurals = int(re.search(r"nplurals=(\d+)", fields["Plural-Forms"]).group(1))
        if "fuzzy" in head["flags"]:
            problems.append(f"{path.relative_to(ROOT)}:{head['line']}: a fuzzy header")
        for entry in entries:
            if entry["msgid"] == "" or entry["obsolete"]:
                continue
            where = f"{path.relative_to(ROOT)}:{entry['line']}: {entry['msgid'][:60]!r}"
            if "fuzzy" in entry["flags"]:
                problems.append(f"{where} is fuzzy")
            forms = entry["msgstr"]
            if "msgid_plural" in entry and sorted(forms) != list(range(nplurals)):
                problems.append(f"{where} has plural forms {sorted(forms)}, not {nplurals}")
            if any(not text for text in forms.values()):
                problems.append(f"{where} is untranslated")
                continue
            expected = sorted(PLACEHOLDER.findall(entry["msgid"] + entry.get("msgid_plural", "")))
            for form, text in forms.items():
                found = sorted(PLACEHOLDER.findall(text))
                # A translation may leave a count out of the forms for one or two ("un jour").
                if set(found) - set(expected) or ("msgid_plural" not in entry and found != expected):
                    problems.append(f"{where}: msgstr[{form}] has placeholders {found}, the text {expected}")
    assert problems == [], "\n".join(problems)


def test_each_language_declares_its_plural_forms():
    for path in catalogues():
        language = path.parent.parent.name
        fields, _ = header(po_entries(path))
        assert fields.get("Language") == language, f"{path}: Language header"
        nplurals, counts = PLURALS[language]
        match = re.match(r"nplurals=(\d+);\s*plural=(.*?);?$", fields["Plural-Forms"])
        assert match and int(match.group(1)) == nplurals, f"{path}: {fields['Plural-Forms']}"
        plural = gettext.c2py(match.group(2))
        assert {count: plural(count) for count in counts} == counts, f"{path}: {fields['Plural-Forms']}"


# Template text ----------------------------------------------------------------------------------------------

TRANSLATING = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment",
               "verbatim": "endverbatim"}
CHECKED_ATTRIBUTES = re.compile(r'\b(title|alt|aria-label|placeholder|value)\s*=\s*("([^"]*)"|\'([^\']*)\')',
                                re.IGNORECASE)
LETTER = re.compile(r"[^\W\d_]")
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def template_text(source):
    """The template with every tag, variable and translated or commented region replaced by "\\0" (keeping its
    line breaks, so that offsets still give line numbers)."""
    out, closing = [], None
    for token in Lexer(source).tokenize():
        raw = token.contents
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            out.append("\0" + "\n" * raw.count("\n"))
            continue
        if token.token_type == TokenType.TEXT:
            out.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK and token.contents.split() and token.contents.split()[0] in TRANSLATING:
            closing = TRANSLATING[token.contents.split()[0]]
        out.append("\0" + "\n" * raw.count("\n"))
    return "".join(out)


def has_words(text):
    text = ENTITY.sub(" ", text)
    for word in ALLOWED_WORDS:
        text = text.replace(word, " ")
    return bool(LETTER.search(text))


def unmarked(source):
    """(line, text) of each piece of text with letters outside the translation tags."""
    text = template_text(source)
    found = []

    def line_of(offset):
        return text.count("\n", 0, offset) + 1

    # Scripts and styles are not read (and pages have none inline); HTML comments are not shown.
    for pattern in (r"<script\b.*?</script>", r"<style\b.*?</style>", r"<!--.*?-->"):
        text = re.sub(pattern, lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.DOTALL | re.IGNORECASE)
    for tag in re.finditer(r"<[^<>]*>", text):
        body = tag.group(0)
        # A button's value is sent, not shown; an input button shows its value.
        is_value_read = re.match(r"<input\b", body, re.IGNORECASE) and re.search(
            r'type=["\']?(submit|button|reset)', body, re.IGNORECASE)
        for attribute in CHECKED_ATTRIBUTES.finditer(body):
            if attribute.group(1).lower() == "value" and not is_value_read:
                continue
            value = attribute.group(3) if attribute.group(3) is not None else attribute.group(4)
            if has_words(value):
                found.append((line_of(tag.start()), f'{attribute.group(1)}="{value}"'))
    # Each tag ends a piece of text: the cells of a row are separate strings.
    stripped = re.sub(r"<[^<>]*>", lambda m: "\0" + "\n" * m.group(0).count("\n"), text)
    for piece in re.finditer(r"[^\0\n]+", stripped):
        if has_words(piece.group(0)):
            found.append((stripped.count("\n", 0, piece.start()) + 1, piece.group(0).strip()))
    return sorted(found)


def test_the_checker_finds_unmarked_text_and_lets_marked_text_pass():
    source = ('{% load i18n %}<h1 title="A title">{% translate "Fine" %}</h1>\n<p>{% blocktranslate %}Also '
              'fine {{ x }}{% endblocktranslate %} · {{ value }} U4SSC</p>\n<p>Not marked</p>'
              '<input type="submit" value="Go" aria-label="{% translate \'Fine\' %}"><button value="go">{% translate "Go" %}</button>'
              '{% comment %}A comment{% endcomment %}<option value="machine">{{ label }}</option>')
    assert unmarked(source) == [(1, 'title="A title"'), (3, "Not marked"), (3, 'value="Go"')]


def test_no_template_has_text_outside_the_translation_tags():
    problems = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in {".html", ".txt"} or not path.is_file():
            continue
        for line, text in unmarked(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {text[:80]}".replace("\0", "{…}"))
    print("\n".join(problems))
    assert problems == [], f"{len(problems)} unmarked strings:\n" + "\n".join(problems)
