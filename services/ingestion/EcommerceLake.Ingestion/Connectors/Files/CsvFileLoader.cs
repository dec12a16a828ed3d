using System.Text;
using System.Text.Unicode;
using CsvHelper;
using EcommerceLake.Lake;
using EcommerceLake.Streams;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// Lands one CSV file (RFC 4180, comma-separated, UTF-8 with or without a byte order mark, quoted fields that may
/// hold separators and line breaks, quoting mixed from field to field) with CsvHelper. The header names are data:
/// every spec column must appear in the header exactly as spelled (surrounding white space aside), else the whole
/// file is quarantined. Records with bad quoting, a field count other than the header's, or bytes that are not
/// UTF-8 are quarantined as <c>{file}:line N</c> (the line the record starts on) and the rest of the file loads.
/// Land values are the raw field text; <c>_change_version</c> = file mtime in Unix seconds × 1 000 000 + the
/// record's line number, so the rows of a later file win (this holds for files of fewer than 1 000 000 lines).
/// </summary>
internal static class CsvFileLoader
{
    private const int MaxQuarantinedChars = 8_000;

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
    public readonly record struct Outcome(long Rows, long Quarantined);

    /// <summary>
    /// Lands the records of the file read from <paramref name="stream"/> (version <paramref name="stamp"/>, the bytes
    /// as stored: local or over SFTP alike) into <paramref name="writer"/>. Disposes the stream.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="SourceUnavailableException">The file cannot be read from its store.</exception>
    public static async Task<Outcome> LoadAsync(Stream stream, FileStamp stamp, StreamSpec spec, LakeBatchWriter writer, CancellationToken cancellationToken)
    {
        var malformed = new List<CsvMalformedRecord>();
        var options = BaseOptions with { OnMalformedRecord = malformed.Add };
        await using var reader = CsvReader.Create(stream, options, leaveOpen: false);
        long rows = 0, quarantined = 0;

        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
        }
        catch (CsvFormatException ex)
        {
            writer.Quarantine(new QuarantinedRecord(stamp.Name, $"the header cannot be read: {ex.Message}; the file was not loaded", null));
            return new Outcome(0, 1);
        }
        var headers = reader.Headers;
        if (!TryMapColumns(spec, headers, out var columnIndexes, out var headerProblem))
        {
            writer.Quarantine(new QuarantinedRecord(stamp.Name, headerProblem + "; the file was not loaded",
                Truncate(string.Join(',', headers))));
            return new Outcome(0, 1);
        }

        var versionBase = checked(stamp.ModifiedUnixSeconds * 1_000_000);
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                quarantined += Drain(malformed, stamp.Name, headers.Count, writer);
                if (TryReadRecord(reader, columnIndexes, out var values, out var problem))
                {
                    await writer.WriteAsync(LandRecord.Create('I', versionBase + reader.LineNumber, values), cancellationToken);
                    rows++;
                }
                else
                {
                    writer.Quarantine(new QuarantinedRecord($"{stamp.Name}:line {reader.LineNumber}", problem, RawText(reader)));
                    quarantined++;
                }
            }
        }
        catch (CsvFormatException ex)
        {
            quarantined += Drain(malformed, stamp.Name, headers.Count, writer);
            writer.Quarantine(new QuarantinedRecord($"{stamp.Name}:line {ex.LineNumber}",
                $"the file cannot be read past this point: {ex.Message}; the records before it were loaded", null));
            return new Outcome(rows, quarantined + 1);
        }
        quarantined += Drain(malformed, stamp.Name, headers.Count, writer);
        return new Outcome(rows, quarantined);
    }

    private static bool TryMapColumns(StreamSpec spec, IReadOnlyList<string> headers, out int[] indexes, out string problem)
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
            problem = (problem.Length > 0 ? problem + "; " : "") + $"the header has the column(s) {string.Join(", ", duplicated)} more than once";
        return problem.Length == 0;
    }

    private static bool TryReadRecord(CsvReader reader, int[] columnIndexes, out string?[] values, out string problem)
    {
        values = [];
        problem = "";
        var raw = reader.RawRecord;
        if (!Utf8.IsValid(raw))
        {
            var bad = 0;
            while (bad < reader.FieldCount && Utf8.IsValid(reader.GetSpan(bad))) bad++;
            var at = FirstInvalidByte(raw);
            var where = $"byte 0x{raw[at]:X2} at byte offset {reader.ByteOffset + at} of the file";
            problem = bad < reader.FieldCount ? $"field {bad + 1} is not valid UTF-8 ({where})" : $"the record is not valid UTF-8 ({where})";
            return false;
        }
        values = new string?[columnIndexes.Length];
        for (var i = 0; i < columnIndexes.Length; i++)
            values[i] = reader.GetString(columnIndexes[i]);
        return true;
    }

    private static int Drain(List<CsvMalformedRecord> malformed, string name, int headerFields, LakeBatchWriter writer)
    {
        var count = malformed.Count;
        foreach (var m in malformed)
            writer.Quarantine(new QuarantinedRecord($"{name}:line {m.LineNumber}", Describe(m, headerFields), Truncate(m.RawRecord)));
        malformed.Clear();
        return count;
    }

    private static string Describe(CsvMalformedRecord record, int headerFields) => record.Reason switch
    {
        CsvMalformedReason.FieldCountMismatch => $"the record's field count differs from the header's {headerFields}",
        CsvMalformedReason.StrayQuote => "bad quoting: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "bad quoting: text after the closing quote of a quoted field",
        CsvMalformedReason.UnterminatedQuote => "bad quoting: a quoted field is never closed (the record runs to the end of the file)",
        CsvMalformedReason.LineBreakInQuotes => "bad quoting: a line break inside a quoted field",
        _ => $"malformed record ({record.Reason})",
    };

    // Invalid UTF-8 is shown as \xNN escapes, never replaced by U+FFFD or decoded in another encoding.
    private static string RawText(CsvReader reader) => Truncate(EscapeInvalidUtf8(reader.RawRecord));

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return i;
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

    private static string Truncate(string text) => text.Length <= MaxQuarantinedChars ? text : text[..MaxQuarantinedChars] + "…";
}
