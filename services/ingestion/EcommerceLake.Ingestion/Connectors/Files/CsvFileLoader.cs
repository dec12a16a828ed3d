using System.Text;
using System.Text.Unicode;
using CsvHelper;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// Lands one CSV file (RFC 4180, comma-separated, UTF-8 with or without a byte order mark, quoted fields that may
/// hold separators and line breaks, quoting mixed from field to field) with CsvHelper. The header names are data:
/// every spec column must appear in the header exactly as spelled (surrounding white space aside), else the whole
/// file is quarantined. Records with bad quoting, a field count other than the header's, or bytes that are not
/// UTF-8 are quarantined as <c>{file}:line N</c> (the line the record starts on) with their original bytes, and the
/// rest of the file loads. Land values are the raw field text; <c>_change_version</c> is
/// <see cref="FileChangeVersion.Of"/>(file's arrival sequence, line) and <c>_position</c> is <c>{file}:line N</c>.
/// <para>
/// Bad input loses nothing. The file is first copied to a temporary file, at most the size the listing gave (bytes
/// appended while it is read are not read), noting where every line starts. A quote opened and never closed would
/// make the rest of the file one record: instead, only the line the broken record starts on is quarantined and
/// reading starts again on the next line (with the header), as often as needed. This was chosen over rejecting
/// the whole file and leaving it out of the ledger because a rejected file is read, rejected and reported again on
/// every run (and makes the file-arrival detector request a run on every poll) while its good rows wait, whereas
/// re-scanning lands every good row now and keeps the broken line's bytes in the quarantine; a corrected file dropped
/// later is a new version of the file and its rows win. Quarantined records keep their bytes: <c>Content</c> shows
/// bytes that are not UTF-8 as <c>\xNN</c> escapes (never U+FFFD) and <c>ContentBase64</c> holds the exact bytes.
/// </para>
/// </summary>
internal static class CsvFileLoader
{
    private const int MaxQuarantinedChars = 8_000;
    private const int MaxQuarantinedBytes = 1 << 20;

    private static readonly CsvReaderOptions BaseOptions = new()
    {
        Separator = ',',
        HasHeader = true,
        Mode = CsvMode.Rfc4180,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrimWhitespace = false,
        TrackLineNumbers = true,
        DetectSeparatorHint = false,
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Skip,
    };

    /// <summary>What one file gave.</summary>
    /// <param name="Rows">Records landed.</param>
    /// <param name="Quarantined">Records (or the whole file, counted as 1) set aside.</param>
    /// <param name="Headers">The file's header names as written, or null when the header could not be read.</param>
    public readonly record struct Outcome(long Rows, long Quarantined, IReadOnlyList<string>? Headers);

    /// <summary>
    /// Lands the records of the file read from <paramref name="stream"/> (version <paramref name="stamp"/>, the bytes
    /// as stored: local or over SFTP alike; at most <see cref="FileStamp.Size"/> bytes are read) into
    /// <paramref name="writer"/>, with change versions of arrival sequence <paramref name="sequence"/>. Disposes the
    /// stream.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="SourceUnavailableException">The file cannot be read from its store.</exception>
    public static async Task<Outcome> LoadAsync(
        Stream stream, FileStamp stamp, long sequence, StreamSpec spec, LakeBatchWriter writer,
        CancellationToken cancellationToken)
    {
        await using var spool = await Spool.CopyAsync(stream, stamp.Size, cancellationToken);
        var run = new Run(spool, stamp, sequence, writer);
        return await run.LoadAsync(spec, cancellationToken);
    }

    private sealed class Run(Spool spool, FileStamp stamp, long sequence, LakeBatchWriter writer)
    {
        private readonly List<CsvMalformedRecord> _malformed = [];
        private long _rows;
        private long _quarantined;
        private long _lineShift;
        private long _byteShift;
        private IReadOnlyList<string> _headers = [];

        public async Task<Outcome> LoadAsync(StreamSpec spec, CancellationToken cancellationToken)
        {
            int[] columnIndexes;
            long headerEndLine;
            byte[] headerBytes;
            await using (var reader = CsvReader.Create(spool.OpenFrom([], 0),
                BaseOptions with { OnMalformedRecord = _malformed.Add }, leaveOpen: false))
            {
                try
                {
                    await reader.ReadHeaderAsync(cancellationToken);
                }
                catch (CsvFormatException ex)
                {
                    writer.Quarantine(new QuarantinedRecord(stamp.Name,
                        $"the header cannot be read: {ex.Message}; the file was not loaded", null));
                    return new Outcome(0, 1, null);
                }
                var headers = reader.Headers;
                if (!TryMapColumns(spec, headers, out columnIndexes, out var headerProblem))
                {
                    writer.Quarantine(new QuarantinedRecord(stamp.Name, headerProblem + "; the file was not loaded",
                        Truncate(string.Join(',', headers))));
                    return new Outcome(0, 1, headers.ToList());
                }
                _headers = headers.ToList();
                var headerStart = Math.Max(1, reader.LineNumber);
                headerEndLine = headerStart + reader.RawRecord.Count((byte)'\n');
                headerBytes = spool.Read(0, spool.LineStart(headerEndLine + 1));
                var resume = await ReadRecordsAsync(reader, columnIndexes, cancellationToken);
                while (resume is { } line)
                {
                    // Read again from `line`, behind the header: line `headerEndLine + 1` of the new input is `line`.
                    _lineShift = line - (headerEndLine + 1);
                    _byteShift = spool.LineStart(line) - headerBytes.Length;
                    await using var again = CsvReader.Create(spool.OpenFrom(headerBytes, spool.LineStart(line)),
                        BaseOptions with { OnMalformedRecord = _malformed.Add }, leaveOpen: false);
                    await again.ReadHeaderAsync(cancellationToken);
                    resume = await ReadRecordsAsync(again, columnIndexes, cancellationToken);
                }
            }
            return new Outcome(_rows, _quarantined, _headers);
        }

        // Reads to the end of the input; returns the line to read again from when a broken record swallowed the rest.
        private async Task<long?> ReadRecordsAsync(CsvReader reader, int[] columnIndexes,
            CancellationToken cancellationToken)
        {
            try
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (Drain() is { } resume) return resume;
                    var line = reader.LineNumber + _lineShift;
                    if (line >= FileChangeVersion.LinesPerFile)
                    {
                        Quarantine(line, $"the file has more than {FileChangeVersion.LinesPerFile - 1} lines; the " +
                            "rest of it was not loaded",
                            reader.RawRecord.ToArray());
                        return null;
                    }
                    if (TryReadRecord(reader, columnIndexes, out var values, out var problem))
                    {
                        await writer.WriteAsync(
                            LandRecord.Create('I', FileChangeVersion.Of(sequence, line), values,
                                $"{stamp.Name}:line {line}"), cancellationToken);
                        _rows++;
                    }
                    else
                    {
                        Quarantine(line, problem, reader.RawRecord.ToArray());
                    }
                }
            }
            catch (CsvFormatException ex)
            {
                if (Drain() is { } resume) return resume;
                var line = ex.LineNumber + _lineShift;
                if (ex.LineNumber <= 0 || line >= spool.LineCount)
                {
                    Quarantine(Math.Max(line, 1), $"the file cannot be read past this point: {ex.Message}; the " +
                        "records before it were loaded", []);
                    return null;
                }
                Quarantine(line, $"the record cannot be read ({ex.Message}); its first line was set aside and " +
                    "reading went on on the next line",
                    spool.LineBytes(line, 1));
                return line + 1;
            }
            return Drain();
        }

        // Quarantines the malformed records reported so far; a quote never closed ran to the end of the input, so only
        // the line its record starts on is set aside and the line after it is where reading starts again.
        private long? Drain()
        {
            long? resume = null;
            foreach (var m in _malformed)
            {
                var line = m.LineNumber + _lineShift;
                if (m.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    Quarantine(line, "bad quoting: a quoted field is never closed; only this line was set aside and " +
                        "reading went on on the next line",
                        spool.LineBytes(line, 1));
                    if (line + 1 <= spool.LineCount) resume = line + 1;
                }
                else
                {
                    Quarantine(line, Describe(m, _headers.Count), spool.LineBytes(line, 1 + m.RawRecord.Count('\n')));
                }
            }
            _malformed.Clear();
            return resume;
        }

        private void Quarantine(long line, string reason, byte[] bytes)
        {
            var valid = Utf8.IsValid(bytes);
            var kept = bytes.Length <= MaxQuarantinedBytes ? bytes : bytes[..MaxQuarantinedBytes];
            if (bytes.Length > MaxQuarantinedBytes) reason += $" (the first {MaxQuarantinedBytes} of " +
                $"its {bytes.Length} bytes are kept)";
            writer.Quarantine(new QuarantinedRecord($"{stamp.Name}:line {line}", reason,
                Truncate(EscapeInvalidUtf8(kept)),
                valid ? null : Convert.ToBase64String(kept)));
            _quarantined++;
        }

        private bool TryReadRecord(CsvReader reader, int[] columnIndexes, out string?[] values, out string problem)
        {
            values = [];
            problem = "";
            var raw = reader.RawRecord;
            if (!Utf8.IsValid(raw))
            {
                var bad = 0;
                while (bad < reader.FieldCount && Utf8.IsValid(reader.GetSpan(bad))) bad++;
                var at = FirstInvalidByte(raw);
                var where = $"byte 0x{raw[at]:X2} at byte offset {reader.ByteOffset + _byteShift + at} of the file";
                problem = bad < reader.FieldCount ? $"field {bad + 1} is not valid UTF-8 ({where})"
                    : $"the record is not valid UTF-8 ({where})";
                return false;
            }
            values = new string?[columnIndexes.Length];
            for (var i = 0; i < columnIndexes.Length; i++)
                values[i] = reader.GetString(columnIndexes[i]);
            return true;
        }
    }

    private static bool TryMapColumns(StreamSpec spec, IReadOnlyList<string> headers, out int[] indexes,
        out string problem)
    {
        indexes = new int[spec.Columns.Count];
        problem = "";
        if (headers.Count == 0 || headers.All(h => h.Trim().Length == 0))
        {
            problem = "the file has no header line";
            return false;
        }
        var missing = new List<string>();
        var duplicated = new List<string>();
        for (var c = 0; c < spec.Columns.Count; c++)
        {
            var name = spec.Columns[c].Name;
            var found = headers.Select((h, i) => (h, i)).Where(x => x.h.Trim() == name).Select(x => x.i).ToList();
            if (found.Count == 0) missing.Add(name);
            else if (found.Count > 1) duplicated.Add(name);
            else indexes[c] = found[0];
        }
        if (missing.Count > 0)
            problem = $"the header lacks the column(s) {string.Join(", ", missing)}";
        if (duplicated.Count > 0)
            problem = (problem.Length > 0 ? problem + "; " : "")
                + $"the header has the column(s) {string.Join(", ", duplicated)} more than once";
        return problem.Length == 0;
    }

    private static string Describe(CsvMalformedRecord record, int headerFields) => record.Reason switch
    {
        CsvMalformedReason.FieldCountMismatch => $"the record's field count differs from the header's {headerFields}",
        CsvMalformedReason.StrayQuote => "bad quoting: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "bad quoting: text after the closing quote of a quoted field",
                CsvMalformedReason.LineBreakInQuotes => "bad quoting: a line break inside a quoted field",
        _ => $"malformed record ({record.Reason})",
    };

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _,
                out var consumed) != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }
        return 0;
    }

    private static string EscapeInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        for (var i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
                text.Append(rune.ToString());
            else
            {
                text.Append($"\\x{bytes[i]:X2}");
                consumed = 1;
            }
            i += consumed;
        }
        return text.ToString();
    }

    private static string Truncate(string text)
        => text.Length <= MaxQuarantinedChars ? text : text[..MaxQuarantinedChars] + "…";
}
