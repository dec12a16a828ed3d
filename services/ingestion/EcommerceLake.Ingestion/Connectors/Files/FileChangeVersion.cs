using EcommerceLake.Streams.Offsets;

namespace EcommerceLake.Ingestion.Connectors.Files;

/// <summary>
/// The <c>_change_version</c> of a CSV row: <c>100 000 000 000 000 000 + sequence × 100 000 000 + line</c>, where the
/// sequence is the file's arrival sequence in the stream's <see cref="FilesLedger"/> and the line the 1-based line the
/// record starts on. So rows order by (file arrival, line) whatever the clock resolution of the transport: a file
/// ingested later orders after every file ingested before it, and a later line of one file after an earlier one.
/// <para>
/// A file's sequence is given when the file (this name, size and time) is first ingested:
/// <c>max(ledger's last sequence + 1, file mtime in whole Unix seconds)</c>, files of one run in (mtime, name) order.
/// The ledger keeps the sequence, so re-reading the same file from the same offset (a redelivered command, a forced
/// full run) gives the same versions; the mtime floor keeps the numbers close to the versions of older ledgers
/// (<c>mtime seconds × 1 000 000 + line</c>, all below 10^16) and keeps them growing even after an offset reset.
/// </para>
/// </summary>
public static class FileChangeVersion
{
    /// <summary>The offset of every file version: 10^17, above every version of the former scheme.</summary>
    public const long Base = 100_000_000_000_000_000;

    /// <summary>Versions per file: lines 1 to 99 999 999 can be numbered.</summary>
    public const long LinesPerFile = 100_000_000;

    /// <summary>The version of the record starting on <paramref name="line"/> (1-based) of the file of
    /// <paramref name="sequence"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The line is not within 1 to 99 999 999.</exception>
    /// <exception cref="OverflowException">The sequence is too large for a 64-bit version (beyond about 9.1 ×
    /// 10^10).</exception>
    public static long Of(long sequence, long line)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(line, LinesPerFile);
        return checked(Base + (sequence * LinesPerFile) + line);
    }

    /// <summary>The sequence a new file gets after <paramref name="lastSequence"/>: max(last + 1, mtime in Unix
    /// seconds).</summary>
    public static long NextSequence(long lastSequence, FileStamp file)
        => Math.Max(lastSequence + 1, file.ModifiedUnixSeconds);
}
