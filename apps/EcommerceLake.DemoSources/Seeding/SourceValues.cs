using System.Globalization;
using EcommerceLake.Streams;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceLake.DemoSources.Seeding;

/// <summary>
/// Turns the dataset's text into typed PostgreSQL values for binary COPY. Strings are written exactly as given; the
/// other types go through <see cref="ValueNormalizer"/> (no trimming of strings) and are parsed from its canonical
/// text.
/// </summary>
internal static class SourceValues
{
    private static readonly CleaningRules Exact = new(TrimStrings: false, EmptyStringAsNull: true,
        EmptyMeasureAsZero: false);
    private static readonly ColumnSpec TimestampColumn = new("timestamp", ColumnType.Timestamp);

    /// <summary>Parses a dataset timestamp; null or empty gives null.</summary>
    /// <exception cref="FormatException">Not a timestamp.</exception>
    public static DateTime? Timestamp(string? text)
    {
        if (!ValueNormalizer.TryNormalize(TimestampColumn, Exact, text, out var canonical, out var error))
            throw new FormatException(error);
        return canonical is null ? null : ParseCanonicalTimestamp(canonical);
    }

    /// <summary>Writes one row (values in <paramref name="columns"/> order) to a binary importer.</summary>
    /// <exception cref="InvalidDataException">A value does not fit its column; the message names the origin, row and
    /// column.</exception>
    public static async Task WriteRowAsync(NpgsqlBinaryImporter writer, IReadOnlyList<ColumnSpec> columns,
        string?[] row, string origin, long rowNumber, CancellationToken cancellationToken)
    {
        await writer.StartRowAsync(cancellationToken);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            if (!ValueNormalizer.TryNormalize(column, Exact, row[i], out var canonical, out var error))
                throw new InvalidDataException($"{origin}, row {rowNumber}: {error}.");
            if (canonical is null)
            {
                await writer.WriteNullAsync(cancellationToken);
                continue;
            }
            switch (column.Type)
            {
                case ColumnType.String:
                    await writer.WriteAsync(row[i]!, NpgsqlDbType.Text, cancellationToken);
                    break;
                case ColumnType.Int:
                    await writer.WriteAsync(int.Parse(canonical, CultureInfo.InvariantCulture), NpgsqlDbType.Integer,
                        cancellationToken);
                    break;
                case ColumnType.BigInt:
                    await writer.WriteAsync(long.Parse(canonical, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint,
                        cancellationToken);
                    break;
                case ColumnType.Decimal:
                    await writer.WriteAsync(decimal.Parse(canonical, NumberStyles.Number, CultureInfo.InvariantCulture),
                        NpgsqlDbType.Numeric, cancellationToken);
                    break;
                case ColumnType.Timestamp:
                    await writer.WriteAsync(ParseCanonicalTimestamp(canonical), NpgsqlDbType.Timestamp,
                        cancellationToken);
                    break;
                case ColumnType.Date:
                    await writer.WriteAsync(DateOnly.ParseExact(canonical, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        NpgsqlDbType.Date, cancellationToken);
                    break;
                default:
                    throw new InvalidDataException(
                        $"{origin}: column '{column.Name}' has unsupported type {column.Type}.");
            }
        }
    }

    private static DateTime ParseCanonicalTimestamp(string canonical) =>
        DateTime.SpecifyKind(
            DateTime.ParseExact(canonical, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"],
                CultureInfo.InvariantCulture, DateTimeStyles.None),
            DateTimeKind.Unspecified);
}
