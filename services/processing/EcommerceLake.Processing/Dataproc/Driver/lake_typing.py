"""Typing rules of EcommerceLake in pure Python 3 (standard library only).

This module is the Python twin of the C# code that types land records into raw records:

* ``shared/EcommerceLake.Streams/ValueNormalizer.cs`` -> :func:`normalize`
* ``services/processing/EcommerceLake.Processing/InProcess/RawRecordTyper.cs`` -> :class:`RecordTyper`
* ``shared/EcommerceLake.Lake/NdjsonRecordFormat.cs`` (reading) -> :func:`read_land_records`
* ``shared/EcommerceLake.Lake/CsvRecordFormat.cs`` (writing) -> :func:`csv_text`
* ``System.Text.Json`` with ``LakeJson.Options`` (camelCase, default encoder) -> :func:`json_text`

Every rule, every canonical form and every error text is the same as in C#, because the texts end up in raw
batches and quarantine files that must not depend on the engine. The tests in
``tests/EcommerceLake.Processing.Tests/PySpark`` type a table of tricky values with both and compare them.

Only documented differences remain: the C# lenient ``DateTimeOffset.TryParse`` fallback (values that hold a 'T'
and match none of the exact formats) accepts more than ISO 8601; this module accepts its ISO 8601 part
(``yyyy-MM-ddTHH:mm[:ss[.f...]]`` with an optional ``Z`` or ``+hh``, ``+hh:mm``, ``+hhmm`` offset) and rejects
the exotic rest (month names, RFC 1123 with ``GMT``).

Run ``python3 lake_typing.py --conformance cases.json`` to type a JSON list of cases and print the results (the
conformance tests drive it that way).
"""

import codecs
import gzip
import hashlib
import json
import re
import sys
from datetime import datetime, timedelta

OPERATION_COLUMN = "_op"
CHANGE_VERSION_COLUMN = "_change_version"
POSITION_COLUMN = "_position"  # LandPosition.Column: where the land record was in its source, optional

STRING, INT, BIGINT, DECIMAL, TIMESTAMP, DATE, JSON = (
    "string", "int", "bigint", "decimal", "timestamp", "date", "json")
_TYPES = (STRING, INT, BIGINT, DECIMAL, TIMESTAMP, DATE, JSON)  # the order of the C# enum ColumnType

# char.IsWhiteSpace (what string.Trim removes): Unicode Zs, Zl, Zp, U+0009..U+000D, U+0085.
_DOTNET_WHITE = (
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Number parsing's own white space (Number.IsWhite): U+0009..U+000D and U+0020 only.
_NUMBER_WHITE = "\u0009\u000a\u000b\u000c\u000d\u0020"

_INT32 = (-(2 ** 31), 2 ** 31 - 1)
_INT64 = (-(2 ** 63), 2 ** 63 - 1)
_U64 = 2 ** 64 - 1
_U32 = 2 ** 32 - 1
_TICKS_PER_SECOND = 10_000_000


class LakeDataError(Exception):
    """The data does not fit what the batch or the spec promises (InvalidDataException in C#)."""


# --------------------------------------------------------------------------------------------------------------
# Stream specs (StreamSpec, ColumnSpec, CleaningRules; StreamCatalog.Parse reads them case-insensitively)


class ColumnSpec:
    """One column of a stream: name, logical type (lower-case name), nullable, measure."""

    __slots__ = ("name", "type", "nullable", "measure")

    def __init__(self, name, type_, nullable=True, measure=False):
        self.name, self.type, self.nullable, self.measure = name, type_, nullable, measure

    def with_nullable(self, nullable):
        return ColumnSpec(self.name, self.type, nullable, self.measure)


class CleaningRules:
    """TrimStrings, EmptyStringAsNull, EmptyMeasureAsZero (all true by default, as the C# record)."""

    __slots__ = ("trim_strings", "empty_string_as_null", "empty_measure_as_zero")

    def __init__(self, trim_strings=True, empty_string_as_null=True, empty_measure_as_zero=True):
        self.trim_strings, self.empty_string_as_null, self.empty_measure_as_zero = (
            trim_strings, empty_string_as_null, empty_measure_as_zero)


class StreamSpec:
    """A stream spec (the JSON of ``shared/EcommerceLake.Streams/Specs/{source}.{stream}.json``)."""

    def __init__(self, source, stream, table, primary_key, columns, cleaning):
        self.source, self.stream, self.table = source, stream, table
        self.primary_key, self.columns, self.cleaning = list(primary_key), list(columns), cleaning

    @property
    def key(self):
        return "%s.%s" % (self.source, self.stream)

    @property
    def raw_columns(self):
        """``_op``, ``_change_version``, then the spec's columns (RawRecordTyper.Columns)."""
        return [OPERATION_COLUMN, CHANGE_VERSION_COLUMN] + [c.name for c in self.columns]


def _get(obj, name, default=None):
    """Case-insensitive property lookup, as System.Text.Json's web defaults read."""
    if not isinstance(obj, dict):
        return default
    if name in obj:
        return obj[name]
    lower = name.lower()
    for key, value in obj.items():
        if key.lower() == lower:
            return value
    return default


def _column_type(value, name):
    if isinstance(value, bool):
        raise LakeDataError("column '%s': type %r is not a column type" % (name, value))
    if isinstance(value, int) and 0 <= value < len(_TYPES):
        return _TYPES[value]
    if isinstance(value, str) and value.strip().lower() in _TYPES:
        return value.strip().lower()
    raise LakeDataError("column '%s': type %r is not one of %s" % (name, value, ", ".join(_TYPES)))


def spec_from_dict(doc):
    """A :class:`StreamSpec` from the parsed spec JSON (camelCase or any case)."""
    if not isinstance(doc, dict):
        raise LakeDataError("a stream spec must be a JSON object")
    columns = []
    for c in _get(doc, "columns") or []:
        name = _get(c, "name")
        nullable = _get(c, "nullable", True)
        measure = _get(c, "measure", False)
        columns.append(ColumnSpec(name, _column_type(_get(c, "type"), name),
                                  True if nullable is None else bool(nullable), bool(measure)))
    cleaning_doc = _get(doc, "cleaning")
    cleaning = CleaningRules()
    if isinstance(cleaning_doc, dict):
        cleaning = CleaningRules(bool(_get(cleaning_doc, "trimStrings", True)),
                                 bool(_get(cleaning_doc, "emptyStringAsNull", True)),
                                 bool(_get(cleaning_doc, "emptyMeasureAsZero", True)))
    spec = StreamSpec(_get(doc, "source"), _get(doc, "stream"), _get(doc, "table"),
                      _get(doc, "primaryKey") or [], columns, cleaning)
    if not spec.source or not spec.stream or not spec.columns:
        raise LakeDataError("a stream spec needs a source, a stream and columns")
    missing = [k for k in spec.primary_key if all(c.name != k for c in spec.columns)]
    if not spec.primary_key or missing:
        raise LakeDataError("Stream spec %s: primary key column '%s' is not among its columns."
                            % (spec.key, missing[0] if missing else ""))
    return spec


def load_spec(text):
    """Parses one spec document (text or bytes)."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8-sig")
    return spec_from_dict(json.loads(text))


def spec_to_dict(spec):
    """The spec as a JSON-ready dict (used to ship it to Spark executors)."""
    return {
        "source": spec.source, "stream": spec.stream, "table": spec.table, "primaryKey": spec.primary_key,
        "columns": [{"name": c.name, "type": c.type, "nullable": c.nullable, "measure": c.measure}
                    for c in spec.columns],
        "cleaning": {"trimStrings": spec.cleaning.trim_strings, "emptyStringAsNull": spec.cleaning.empty_string_as_null,
                     "emptyMeasureAsZero": spec.cleaning.empty_measure_as_zero},
    }


# --------------------------------------------------------------------------------------------------------------
# .NET text helpers


def dotnet_trim(value):
    """string.Trim(): removes char.IsWhiteSpace characters at both ends."""
    return value.strip(_DOTNET_WHITE)


def _utf16_length(value):
    return len(value) + sum(1 for ch in value if ord(ch) > 0xFFFF)


def _truncate(value):
    """``value.Length <= 40 ? value : value[..40] + "…"`` with Length counted in UTF-16 code units."""
    if _utf16_length(value) <= 40:
        return value
    units = value.encode("utf-16-le", "surrogatepass")[:80]
    return units.decode("utf-16-le", "surrogatepass") + "\u2026"


# --------------------------------------------------------------------------------------------------------------
# Integers: int.TryParse / long.TryParse with NumberStyles.AllowLeadingSign, invariant culture

_INTEGER = re.compile("([+-]?)([0-9]+)\x00*")


def parse_integer(value, bounds):
    """The canonical text of ``value`` as an integer within ``bounds``, or None."""
    if value is None:
        return None
    match = _INTEGER.fullmatch(value)
    if not match:
        return None
    number = int(match.group(2))
    if match.group(1) == "-":
        number = -number
    if number < bounds[0] or number > bounds[1]:
        return None
    return str(number)


# --------------------------------------------------------------------------------------------------------------
# Decimals: decimal.TryParse(NumberStyles.Number & ~AllowThousands, invariant) and decimal.ToString(invariant).
# The parse follows .NET's Number.TryParseNumber (digits buffer of 30, scale, non-zero tail) and
# Number.TryNumberToDecimal (96-bit mantissa, at most 28 decimals, round half to even) step by step, so that the
# same text rounds, overflows and keeps its scale exactly as in C#.


def _parse_decimal_number(s):
    """(negative, digits, scale, non-zero tail) as .NET's NumberBuffer holds them, or None."""
    n = len(s)
    p = 0

    def at(i):
        return s[i] if i < n else "\0"

    ch = at(p)
    signed = False
    negative = False
    while True:  # leading white space and sign (no white space after the sign: NumberNegativePattern is 1)
        if ch not in _NUMBER_WHITE or ch == "\0" or signed:
            if not signed and p < n and ch in "+-":
                signed = True
                negative = ch == "-"
            else:
                break
        p += 1
        ch = at(p)
    digits = []
    scale = 0
    seen_digits = seen_non_zero = seen_point = tail = False
    while True:
        if p < n and "0" <= ch <= "9":
            seen_digits = True
            if ch != "0" or seen_non_zero:
                if len(digits) < 30:
                    digits.append(ch)
                elif ch != "0":
                    tail = True
                if not seen_point:
                    scale += 1
                seen_non_zero = True
            elif seen_point:
                scale -= 1
        elif p < n and ch == "." and not seen_point:
            seen_point = True
        else:
            break
        p += 1
        ch = at(p)
    if not seen_digits:
        return None
    while True:  # trailing white space and sign
        if p >= n or ch not in _NUMBER_WHITE:
            if not signed and p < n and ch in "+-":
                signed = True
                negative = ch == "-"
            else:
                break
        p += 1
        ch = at(p)
    if p < n and any(c != "\0" for c in s[p:]):  # .NET accepts trailing NUL characters only
        return None
    return negative, digits, scale, tail


def _number_to_decimal(digits, e, negative, tail):
    """(mantissa, scale, negative) like Number.TryNumberToDecimal, or None on overflow."""
    d = digits + ["\0"]
    i = 0
    c = d[0]
    if c == "\0":
        return 0, max(0, min(-e, 28)), negative
    if e > 29:
        return None
    low64 = 0
    while e > -28:
        e -= 1
        low64 = low64 * 10 + (ord(c) - 48)
        i += 1
        c = d[i]
        if low64 >= _U64 // 10:
            break
        if c == "\0":
            while e > 0:
                e -= 1
                low64 *= 10
                if low64 >= _U64 // 10:
                    break
            break
    high = 0
    while (e > 0 or (c != "\0" and e > -28)) and (
            high < _U32 // 10 or (high == _U32 // 10 and (
            low64 < 0x9999999999999999 or (low64 == 0x9999999999999999 and c <= "5")))):
        tmp_low = (low64 & _U32) * 10
        tmp64 = (low64 >> 32) * 10 + (tmp_low >> 32)
        low64 = ((tmp_low & _U32) + (tmp64 << 32)) & _U64
        high = ((tmp64 >> 32) + high * 10) & _U32
        if c != "\0":
            low64 += ord(c) - 48
            if low64 > _U64:
                low64 &= _U64
                high = (high + 1) & _U32
            i += 1
            c = d[i]
        e -= 1
    round_up = c >= "5"
    if round_up and c == "5" and (low64 & 1) == 0:
        i += 1
        c = d[i]
        zero_tail = not tail
        while c != "\0" and zero_tail:
            zero_tail = c == "0"
            i += 1
            c = d[i]
        if zero_tail:
            round_up = False
    if round_up:
        low64 = (low64 + 1) & _U64
        if low64 == 0:
            high = (high + 1) & _U32
            if high == 0:
                low64 = 0x999999999999999A
                high = _U32 // 10
                e += 1
    if e > 0:
        return None
    if e <= -29:
        return 0, 28, negative
    return (high << 64) | low64, -e, negative


def format_decimal(mantissa, scale, negative):
    """decimal.ToString(CultureInfo.InvariantCulture): scale kept, no exponent, zero never negative."""
    text = str(mantissa)
    if scale > 0:
        text = text.rjust(scale + 1, "0")
        text = text[:-scale] + "." + text[-scale:]
    return "-" + text if negative and mantissa != 0 else text


def parse_decimal(value):
    """The canonical text of ``value`` as a .NET decimal, or None."""
    number = _parse_decimal_number(value)
    if number is None:
        return None
    result = _number_to_decimal(number[1], number[2], number[0], number[3])
    if result is None:
        return None
    return format_decimal(result[0], result[1], result[2])


# --------------------------------------------------------------------------------------------------------------
# Timestamps and dates: DateTime.TryParseExact with the spec's formats, then the ISO 8601 part of
# DateTimeOffset.TryParse(AssumeUniversal) for values with a 'T', converted to UTC.

_EXACT = [
    re.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})"),
    re.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})([ T])([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{0,7}))?"),
    re.compile("([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2})"),
]
_W = "[" + _DOTNET_WHITE + "]*"
_ISO = re.compile(
    "([0-9]{4,})" + _W + "[-/.]" + _W + "([0-9]{1,2})" + _W + "[-/.]" + _W + "([0-9]{1,2})" + _W + "T" + _W
    + "([0-9]{2})" + _W + ":" + _W + "([0-9]{2})"
    + "(?:" + _W + ":" + _W + "([0-9]{2})(?:\\.([0-9]+)|\\.(?=\\Z))?)?" + _W
    + "(Z|z|[+-][0-9]{1,2}(?::[0-9]{1,2})?|[+-][0-9]{3,4})?" + _W + "\x00*")


def _fraction_ticks_exact(digits):
    """ParseFractionExact then Math.Round(fraction * TicksPerSecond): at most 7 digits."""
    if not digits:
        return 0
    return int(round(float(int(digits)) / float(10 ** len(digits)) * _TICKS_PER_SECOND))


def _fraction_ticks_lenient(digits):
    """ParseFraction (any number of digits, accumulated in a double) then Math.Round(fraction * TicksPerSecond)."""
    result = 0.0
    base = 0.1
    for ch in digits:
        result += (ord(ch) - 48) * base
        base *= 0.1
    return int(round(result * _TICKS_PER_SECOND))


def _make(year, month, day, hour=0, minute=0, second=0):
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def parse_timestamp(value):
    """(datetime without fraction, ticks within the second) in UTC, or None."""
    for pattern in _EXACT:
        m = pattern.fullmatch(value)
        if not m:
            continue
        g = m.groups()
        if len(g) == 3:
            dt = _make(int(g[0]), int(g[1]), int(g[2]))
            return (dt, 0) if dt else None
        if len(g) == 5:
            dt = _make(int(g[0]), int(g[1]), int(g[2]), int(g[3]), int(g[4]))
            return (dt, 0) if dt else None
        dt = _make(int(g[0]), int(g[1]), int(g[2]), int(g[4]), int(g[5]), int(g[6]))
        if dt is None:
            return None
        return _add_ticks(dt, _fraction_ticks_exact(g[7] or ""), timedelta(0))
    if "T" not in value:  # the C# code tries DateTimeOffset.TryParse only for values with a 'T'
        return None
    m = _ISO.fullmatch(value)
    if not m:
        return None
    year, month, day, hour, minute, second, fraction, zone = m.groups()
    dt = _make(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    if dt is None:
        return None
    offset = timedelta(0)
    if zone and zone not in ("Z", "z"):
        sign = -1 if zone[0] == "-" else 1
        body = zone[1:]
        if ":" in body:
            hours, minutes = (int(x) for x in body.split(":"))
        elif len(body) <= 2:
            hours, minutes = int(body), 0
        else:
            hours, minutes = int(body) // 100, int(body) % 100
        if minutes >= 60:
            return None
        offset = sign * timedelta(hours=hours, minutes=minutes)
        if abs(offset) > timedelta(hours=14):
            return None
    return _add_ticks(dt, _fraction_ticks_lenient(fraction or ""), offset)


def _add_ticks(dt, ticks, offset):
    try:
        dt = dt + timedelta(seconds=ticks // _TICKS_PER_SECOND) - offset
    except OverflowError:
        return None
    return dt, ticks % _TICKS_PER_SECOND


def format_timestamp(parsed):
    """``yyyy-MM-dd HH:mm:ss`` or ``yyyy-MM-dd HH:mm:ss.FFFFFFF`` (trailing zeros trimmed)."""
    dt, ticks = parsed
    text = "%04d-%02d-%02d %02d:%02d:%02d" % (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
    if ticks:
        text += "." + ("%07d" % ticks).rstrip("0")
    return text


# --------------------------------------------------------------------------------------------------------------
# JSON: a strict RFC 8259 scanner with System.Text.Json's default reader limits (depth 64, no comments, no
# trailing commas). It validates json columns and reads land lines, keeping a non-string value's exact text.

_JSON_WHITE = " \t\n\r"
_JSON_NUMBER = re.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_MAX_DEPTH = 64


class JsonFormatError(ValueError):
    """The text is not well-formed JSON."""


class _JsonScanner:
    def __init__(self, text):
        self.s = text
        self.n = len(text)

    def white(self, i):
        while i < self.n and self.s[i] in _JSON_WHITE:
            i += 1
        return i

    def fail(self, i, what):
        raise JsonFormatError("%s at position %d" % (what, i))

    def string(self, i):
        """Decodes the string starting at the quote at ``i``: (text, end)."""
        s, n = self.s, self.n
        i += 1
        parts = []
        start = i
        while True:
            if i >= n:
                self.fail(i, "unterminated string")
            ch = s[i]
            if ch == '"':
                parts.append(s[start:i])
                return "".join(parts), i + 1
            if ch < " ":
                self.fail(i, "control character in string")
            if ch == "\\":
                parts.append(s[start:i])
                if i + 1 >= n:
                    self.fail(i, "unterminated escape")
                esc = s[i + 1]
                if esc in _JSON_ESCAPES:
                    parts.append(_JSON_ESCAPES[esc])
                    i += 2
                elif esc == "u":
                    code = s[i + 2:i + 6]
                    if len(code) != 4 or any(c not in "0123456789abcdefABCDEF" for c in code):
                        self.fail(i, "bad unicode escape")
                    unit = int(code, 16)
                    i += 6
                    if 0xD800 <= unit < 0xDC00 and s[i:i + 2] == "\\u":
                        low_code = s[i + 2:i + 6]
                        if len(low_code) == 4 and all(c in "0123456789abcdefABCDEF" for c in low_code):
                            low = int(low_code, 16)
                            if 0xDC00 <= low < 0xE000:
                                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                                i += 6
                    parts.append(chr(unit))
                else:
                    self.fail(i, "bad escape")
                start = i
                continue
            i += 1

    def value(self, i, depth):
        """Skips the value starting at ``i`` (no white space before it): its end."""
        if i >= self.n:
            self.fail(i, "value expected")
        ch = self.s[i]
        if ch == '"':
            return self.string(i)[1]
        if ch in "[{":
            if depth >= _MAX_DEPTH:
                self.fail(i, "maximum depth exceeded")
            close = "]" if ch == "[" else "}"
            i = self.white(i + 1)
            if i < self.n and self.s[i] == close:
                return i + 1
            while True:
                if close == "}":
                    if i >= self.n or self.s[i] != '"':
                        self.fail(i, "property name expected")
                    i = self.white(self.string(i)[1])
                    if i >= self.n or self.s[i] != ":":
                        self.fail(i, "':' expected")
                    i = self.white(i + 1)
                i = self.white(self.value(i, depth + 1))
                if i < self.n and self.s[i] == ",":
                    i = self.white(i + 1)
                    continue
                if i < self.n and self.s[i] == close:
                    return i + 1
                self.fail(i, "',' or '%s' expected" % close)
        for literal in ("true", "false", "null"):
            if self.s.startswith(literal, i):
                return i + len(literal)
        m = _JSON_NUMBER.match(self.s, i)
        if m:
            return m.end()
        self.fail(i, "value expected")

    def document(self):
        i = self.value(self.white(0), 0)
        if self.white(i) != self.n:
            self.fail(i, "one value expected")


def is_well_formed_json(value):
    """True when ``value`` is exactly one JSON value (JsonDocument.Parse with default options succeeds)."""
    try:
        _JsonScanner(value).document()
        return True
    except JsonFormatError:
        return False


def parse_land_line(line, index, width, line_number):
    """One land NDJSON line as a record of ``width`` values: strings decoded, null as None, other values as their
    exact JSON text (NdjsonRecordFormat.Read)."""
    scanner = _JsonScanner(line)
    record = [None] * width
    i = scanner.white(0)
    if i >= scanner.n or line[i] != "{":
        if i < scanner.n and line[i] in '["-0123456789tfn':
            scanner.document()
            raise LakeDataError("Line %d: the record is not a JSON object." % line_number)
        scanner.fail(i, "'{' expected")
    i = scanner.white(i + 1)
    if i < scanner.n and line[i] == "}":
        end = i + 1
    else:
        while True:
            if i >= scanner.n or line[i] != '"':
                scanner.fail(i, "property name expected")
            name, i = scanner.string(i)
            i = scanner.white(i)
            if i >= scanner.n or line[i] != ":":
                scanner.fail(i, "':' expected")
            i = scanner.white(i + 1)
            start = i
            if i < scanner.n and line[i] == '"':
                value, i = scanner.string(i)
            else:
                i = scanner.value(i, 1)
                value = line[start:i]
                if value == "null":
                    value = None
            column = index.get(name)
            if column is None:
                raise LakeDataError("Line %d: field '%s' is not a column of this batch." % (line_number, name))
            record[column] = value
            i = scanner.white(i)
            if i < scanner.n and line[i] == ",":
                i = scanner.white(i + 1)
                continue
            if i < scanner.n and line[i] == "}":
                end = i + 1
                break
            scanner.fail(i, "',' or '}' expected")
    if scanner.white(end) != scanner.n:
        scanner.fail(end, "one value expected")
    return record


def decode_text(data):
    """Bytes as StreamReader(…, Encoding.UTF8) reads them: a UTF-8 BOM dropped, invalid bytes as U+FFFD."""
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    return data.decode("utf-8", "replace")


_LINE_BREAK = re.compile("\r\n|\r|\n")


def read_land_records(text, columns):
    """The records of one decompressed land part (TextReader.ReadLine splitting, empty lines skipped)."""
    index = {}
    for i, c in enumerate(columns):
        if c in index:
            raise LakeDataError("The land batch lists column '%s' twice." % c)
        index[c] = i
    line_number = 0
    for line in _LINE_BREAK.split(text):
        line_number += 1
        if not line:
            continue
        try:
            yield parse_land_line(line, index, len(columns), line_number)
        except JsonFormatError as error:
            raise LakeDataError("Line %d of the land part is not valid JSON: %s." % (line_number, error))
    # a final empty string after a trailing line break is skipped like an empty line


# --------------------------------------------------------------------------------------------------------------
# ValueNormalizer.TryNormalize and RawRecordTyper


def normalize(column, rules, raw):
    """(ok, canonical text or None, error or None) exactly as ValueNormalizer.TryNormalize."""
    value = raw
    if value is not None and (rules.trim_strings or column.type != STRING) and column.type != JSON:
        value = dotnet_trim(value)
    if value is not None and len(value) == 0 and (rules.empty_string_as_null or column.type != STRING):
        value = None
    if value is None:
        if column.nullable:
            return True, None, None
        return False, None, "column '%s' is required but has no value" % column.name
    result = None
    t = column.type
    if t == STRING:
        return True, value, None
    if t == INT:
        result = parse_integer(value, _INT32)
    elif t == BIGINT:
        result = parse_integer(value, _INT64)
    elif t == DECIMAL:
        result = parse_decimal(value)
    elif t == TIMESTAMP:
        parsed = parse_timestamp(value)
        result = format_timestamp(parsed) if parsed else None
    elif t == DATE:
        parsed = parse_timestamp(value)
        if parsed and parsed[1] == 0 and parsed[0].hour == 0 and parsed[0].minute == 0 and parsed[0].second == 0:
            result = "%04d-%02d-%02d" % (parsed[0].year, parsed[0].month, parsed[0].day)
    elif t == JSON:
        result = value if is_well_formed_json(value) else None
    if result is not None:
        return True, result, None
    return False, None, "column '%s': '%s' is not a valid %s" % (column.name, _truncate(value), t)


class RecordTyper:
    """Types land records (aligned with the land columns) into raw records, as RawRecordTyper."""

    def __init__(self, spec, land_columns):
        self.spec = spec
        self.land_columns = list(land_columns)
        index = {}
        for i, c in enumerate(self.land_columns):
            index.setdefault(c, i)
        missing = [c for c in spec.raw_columns if c not in index]
        if missing:
            raise LakeDataError("The land batch of %s lacks the column(s) %s of its spec."
                                % (spec.key, ", ".join(missing)))
        self._op = index[OPERATION_COLUMN]
        self._version = index[CHANGE_VERSION_COLUMN]
        self._columns = [index[c.name] for c in spec.columns]
        keys = set(spec.primary_key)
        self._strict = [c.with_nullable(False) if c.name in keys else c for c in spec.columns]
        self._delete = [c.with_nullable(c.name not in keys) for c in spec.columns]
        self._is_key = [c.name in keys for c in spec.columns]
        self._position = index.get(POSITION_COLUMN, -1)

    def reject_position(self, part, row, land):
        """``{source position} ({part} row {row})`` when the land record has a ``_position``, else ``{part} row {row}``
        (RawRecordTyper.RejectPosition)."""
        in_land = "%s row %d" % (part, row)
        if 0 <= self._position < len(land) and land[self._position]:
            return "%s (%s)" % (land[self._position], in_land)
        return in_land

    @property
    def raw_columns(self):
        return self.spec.raw_columns

    def type(self, land):
        """(raw record, None) or (None, reason) for one land record."""
        errors = []
        raw = [None] * (len(self.spec.columns) + 2)
        original_op = land[self._op]
        op = dotnet_trim(original_op) if original_op is not None else None
        if op is not None and op.isascii():  # ToUpperInvariant under invariant globalization: 'ı' stays 'ı'
            op = op.upper()
        if op in ("I", "U", "D"):
            raw[0] = op
        else:
            errors.append("column '%s': '%s' is not I, U or D" % (OPERATION_COLUMN, original_op or ""))
        version = land[self._version]
        version = dotnet_trim(version) if version is not None else None
        canonical = parse_integer(version, _INT64)
        if canonical is not None:
            raw[1] = canonical
        else:
            errors.append("column '%s': '%s' is not a 64-bit integer" % (CHANGE_VERSION_COLUMN, version or ""))
        is_delete = op == "D"
        for i, land_index in enumerate(self._columns):
            column = self._delete[i] if is_delete else self._strict[i]
            ok, value, error = normalize(column, self.spec.cleaning, land[land_index])
            if ok:
                raw[i + 2] = value
            elif is_delete and not self._is_key[i]:
                raw[i + 2] = None
            else:
                errors.append(error)
        if errors:
            return None, "; ".join(errors)
        return raw, None

    def describe(self, land):
        """The land record as a JSON object (column name to value), first occurrence of a name wins."""
        fields = []
        seen = set()
        for i, name in enumerate(self.land_columns[:len(land)]):
            if name not in seen:
                seen.add(name)
                fields.append((name, land[i]))
        return json_text(_Object(fields))


# --------------------------------------------------------------------------------------------------------------
# JSON writing as System.Text.Json with LakeJson.Options (JavaScriptEncoder.Default, compact)

_JSON_SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\\": "\\\\"}
_JSON_HTML = set("\"&'+<>`")


class _Object:
    """An ordered JSON object for :func:`json_text`."""

    def __init__(self, fields):
        self.fields = fields


class RawJsonString:
    """A string written without escaping, as System.Text.Json writes a DateTimeOffset value."""

    def __init__(self, text):
        self.text = text


def _escape_unit(unit):
    return "\\u%04X" % unit


def json_string(value):
    """A JSON string literal escaped like JavaScriptEncoder.Default (non-ASCII and HTML-sensitive characters as
    \\uXXXX)."""
    out = ['"']
    for ch in value:
        cp = ord(ch)
        if ch in _JSON_SHORT:
            out.append(_JSON_SHORT[ch])
        elif 0x20 <= cp < 0x7F and ch not in _JSON_HTML:
            out.append(ch)
        elif cp > 0xFFFF:
            cp -= 0x10000
            out.append(_escape_unit(0xD800 + (cp >> 10)) + _escape_unit(0xDC00 + (cp & 0x3FF)))
        elif 0xD800 <= cp < 0xE000:
            out.append(_escape_unit(0xFFFD))  # a lone surrogate is replaced
        else:
            out.append(_escape_unit(cp))
    out.append('"')
    return "".join(out)


def json_text(value):
    """Compact JSON text of None, bool, int, str, list, dict (insertion order) or :class:`_Object`."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, RawJsonString):
        return '"' + value.text + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    if isinstance(value, dict):
        value = _Object(list(value.items()))
    if isinstance(value, _Object):
        return "{" + ",".join(json_string(k) + ":" + json_text(v) for k, v in value.fields) + "}"
    raise TypeError("cannot write %r as JSON" % (value,))


def quarantine_line(position, reason, content):
    """One line of ``_quarantine.ndjson`` (QuarantinedRecord: position, reason, content)."""
    return json_text(_Object([("position", position), ("reason", reason), ("content", content)])) + "\n"


# --------------------------------------------------------------------------------------------------------------
# Raw parts: CSV (CsvRecordFormat.Write) in UTF-8 without BOM, gzip-compressed


def _replace_surrogates(error):
    # the UTF-8 encoder takes a non-ASCII replacement only as bytes: U+FFFD encoded
    return b"\xef\xbf\xbd" * (error.end - error.start), error.end


codecs.register_error("lake_replace_surrogates", _replace_surrogates)


def csv_field(value):
    if value is None:
        return ""
    if value and not any(c in value for c in '",\r\n'):
        return value
    return '"' + value.replace('"', '""') + '"'


def csv_text(columns, records):
    """The CSV text of one part: header line, then one line per record, '\\n' line ends."""
    lines = [",".join(columns) + "\n"]
    for record in records:
        lines.append(",".join(csv_field(v) for v in record) + "\n")
    return "".join(lines)


def encode_text(text):
    """UTF-8 without BOM; a lone surrogate becomes U+FFFD as StreamWriter's encoder does."""
    return text.encode("utf-8", "lake_replace_surrogates")


def gzip_bytes(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------------------------
# One land part, typed (used by the driver in both modes; on Spark it runs on the executors)


def part_name(path):
    """``part-00000`` of ``…/part-00000.ndjson.gz`` (InProcessProcessingEngine.PartName)."""
    name = path[path.rfind("/") + 1:]
    dot = name.find(".")
    return name[:dot] if dot > 0 else name


def type_land_part(path, data, expected_sha256, land_columns, spec):
    """Checks the part's SHA-256, then yields ``("r", raw record)`` or ``("q", position, reason, content)`` for every
    record in order. Raises :class:`LakeDataError` on a checksum mismatch or a malformed part."""
    if isinstance(spec, dict):
        spec = spec_from_dict(spec)
    data = bytes(data)
    sha = sha256_hex(data)
    if sha != expected_sha256:
        raise LakeDataError("Lake part '%s' has SHA-256 %s, the manifest says %s." % (path, sha, expected_sha256))
    try:
        text = decode_text(gzip.decompress(data))
    except (OSError, EOFError) as error:
        raise LakeDataError("Lake part '%s' is not gzip: %s" % (path, error))
    typer = RecordTyper(spec, land_columns)
    name = part_name(path)
    row = 0
    for record in read_land_records(text, land_columns):
        row += 1
        raw, reason = typer.type(record)
        if raw is not None:
            yield ("r", raw)
        else:
            yield ("q", typer.reject_position(name, row, record), reason, typer.describe(record))


# --------------------------------------------------------------------------------------------------------------
# Conformance mode: python3 lake_typing.py --conformance cases.json


def _conformance_case(case):
    if case.get("kind") == "value":
        column = ColumnSpec("v", _column_type(case["type"], "v"), case.get("nullable", True))
        rules = CleaningRules(case.get("trimStrings", True), case.get("emptyStringAsNull", True))
        ok, value, error = normalize(column, rules, case.get("value"))
        return {"ok": ok, "value": value, "error": error}
    spec = spec_from_dict(case["spec"])
    typer = RecordTyper(spec, case["landColumns"])
    record = case["record"]
    raw, reason = typer.type(record)
    describe = typer.describe(record)
    return {"ok": raw is not None, "raw": raw, "reason": reason, "describe": describe,
            "quarantine": quarantine_line(typer.reject_position("part-00000", 1, record), reason or "", describe)[:-1]}


def _written(value):
    """Strings as they would be written out (a lone surrogate becomes U+FFFD), so both sides compare equal texts."""
    if isinstance(value, str):
        return encode_text(value).decode("utf-8")
    if isinstance(value, list):
        return [_written(v) for v in value]
    if isinstance(value, dict):
        return {k: _written(v) for k, v in value.items()}
    return value


def main(argv):
    if len(argv) != 3 or argv[1] != "--conformance":
        sys.stderr.write("usage: lake_typing.py --conformance cases.json\n")
        return 2
    with open(argv[2], "r", encoding="utf-8") as f:
        cases = json.load(f)
    results = _written([_conformance_case(c) for c in cases])
    sys.stdout.buffer.write(json.dumps(results, ensure_ascii=True).encode("ascii") + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
