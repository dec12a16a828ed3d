using System.Globalization;
using System.IO.Enumeration;
using EcommerceLake.DemoSources.Economics;
using EcommerceLake.DemoSources.Olist;
using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.DemoSources.Seeding;
using EcommerceLake.Postgres;
using EcommerceLake.Streams;
using Npgsql;

namespace EcommerceLake.DemoSources.Snapshot;

/// <summary>
/// Reads what each stream of the demo sources holds right now, as the trusted layer must hold it after a complete
/// load (the oracle of the end-to-end "trusted equals source" check):
/// <list type="bullet">
/// <item><c>marketplace</c> streams: table <c>marketplace.{origin}</c>, every column cast to text;</item>
/// <item><c>reviews</c>: table <c>reviews_api.order_reviews</c>, every column cast to text — the nested arrays
/// (<see cref="ReviewNestedArrays"/>) are the very <c>json</c> text the demo review API serves;</item>
/// <item><c>files</c> streams: every CSV in the drop directory whose name matches the spec's origin glob, applied in
/// (modification time, name) order, a later file's row replacing an earlier one with the same key;</item>
/// <item><c>economics</c> streams: the values of the spec's SGS series (its origin) in the data folder the fake SGS API
/// serves (<see cref="SgsDataset"/>), dated from the economics start date to today — what the API serves for the
/// lake's configured window.</item>
/// </list>
/// </summary>
public sealed class SourceSnapshot
{
    private readonly string _connectionString;
    private readonly string _dropDirectory;
    private readonly string? _economicsDirectory;
    private readonly DateOnly _economicsStart;
    private readonly TimeProvider _clock;
    private SgsDataset? _economics;

    /// <summary>Creates a reader over the source database and the drop directory (economics from <c>data/bcb</c> since
    /// 2016-01-01).</summary>
    public SourceSnapshot(string sourceConnectionString, string dropDirectory)
        : this(new DemoSourceSettings { SourceConnectionString = sourceConnectionString,
            DropDirectory = dropDirectory })
    {
    }

    /// <summary>Creates a reader over the sources of <paramref name="settings"/>; <paramref name="clock"/> says what
    /// today is.</summary>
    public SourceSnapshot(DemoSourceSettings settings, TimeProvider? clock = null)
    {
        _connectionString = settings.SourceConnectionString;
        _dropDirectory = settings.DropDirectory;
        _economicsDirectory = settings.EconomicsDataDirectory;
        _economicsStart = settings.EconomicsStartDate;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>What the stream of <paramref name="spec"/> holds.</summary>
    /// <exception cref="NotSupportedException">The spec's source is not one of the demo sources.</exception>
    /// <exception cref="InvalidDataException">A drop file is not well-formed CSV or lacks a spec column.</exception>
    /// <exception cref="NpgsqlException">The source database cannot be read.</exception>
    public async Task<StreamSnapshot> ReadAsync(StreamSpec spec, CancellationToken cancellationToken = default)
    {
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        var rejected = new List<string>();
        if (spec.Source == "files")
        {
            var files = MatchingFiles(spec);
            foreach (var file in files)
                ReadFile(spec, file, rows, rejected);
            return new StreamSnapshot(spec, rows, rejected, files);
        }
        if (spec.Source == EconomicsSource)
        {
            foreach (var (date, value) in EconomicsValues(spec))
                Add(spec, [date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value],
                    $"SGS series {spec.Origin} {date:yyyy-MM-dd}", rows, rejected);
            return new StreamSnapshot(spec, rows, rejected, []);
        }

        var (schema, table) = TableOf(spec);
        var columns = string.Join(", ", spec.Columns.Select(c => $"{PgNames.Quote(c.Name)}::text"));
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {columns} FROM {PgNames.Qualified(schema, table)}",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var raw = new string?[spec.Columns.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < raw.Length; i++)
                raw[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            Add(spec, raw, $"{schema}.{table}", rows, rejected);
        }
        return new StreamSnapshot(spec, rows, rejected, []);
    }

    /// <summary>
    /// Rows per stream for <paramref name="specs"/> (every stream of <see cref="StreamCatalog.Default"/> when null):
    /// <c>count(*)</c> of the table for database streams, distinct keys over the matching files for files streams.
    /// </summary>
    /// <exception cref="NotSupportedException">A spec's source is not one of the demo sources.</exception>
    public async Task<SourceCounts> CountAsync(IEnumerable<StreamSpec>? specs = null,
        CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var spec in specs ?? StreamCatalog.Default.All)
        {
            if (spec.Source == "files")
            {
                counts[spec.Key] = (await ReadAsync(spec, cancellationToken)).Rows.Count;
                continue;
            }
            if (spec.Source == EconomicsSource)
            {
                counts[spec.Key] = EconomicsValues(spec).Count;
                continue;
            }
            var (schema, table) = TableOf(spec);
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {PgNames.Qualified(schema, table)}",
                connection);
            counts[spec.Key] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        return new SourceCounts(counts);
    }

    /// <summary>The drop files a files stream reads, in the order they apply: (modification time, name
    /// ordinal).</summary>
    public IReadOnlyList<string> MatchingFiles(StreamSpec spec)
    {
        if (!Directory.Exists(_dropDirectory)) return [];
        return new DirectoryInfo(_dropDirectory).EnumerateFiles()
            .Where(f => FileSystemName.MatchesSimpleExpression(spec.Origin, f.Name, ignoreCase: false))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => f.FullName)
            .ToList();
    }

    private const string EconomicsSource = "economics";

    private IReadOnlyList<KeyValuePair<DateOnly, string>> EconomicsValues(StreamSpec spec)
    {
        _economics ??= SgsDataset.Load(_economicsDirectory);
        var code = int.Parse(spec.Origin, CultureInfo.InvariantCulture);
        return _economics.Values(code, _economicsStart, DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime));
    }

    private static void ReadFile(StreamSpec spec, string path, Dictionary<string, string?[]> rows,
        List<string> rejected)
    {
        string[] header;
        List<string?[]> records;
        using (var stream = File.OpenRead(path))
            (header, records) = CsvRecords.Read(stream, path);
        var indexes = spec.Columns.Select(c =>
        {
            var index = Array.IndexOf(header, c.Name);
            return index >= 0
                ? index
                : throw new InvalidDataException(
                    $"{path}: no column '{c.Name}' for stream {spec.Key} (header: {string.Join(", ", header)}).");
        }).ToArray();
        var raw = new string?[indexes.Length];
        for (var r = 0; r < records.Count; r++)
        {
            for (var i = 0; i < indexes.Length; i++)
                raw[i] = records[r][indexes[i]];
            Add(spec, raw, $"{Path.GetFileName(path)} record {r + 1}", rows, rejected);
        }
    }

    private static void Add(StreamSpec spec, string?[] raw, string where, Dictionary<string, string?[]> rows,
        List<string> rejected)
    {
        if (TrustedRowForm.TryNormalize(spec, raw, out var values, out var error))
            rows[TrustedRowForm.KeyOf(spec, values)] = values;
        else
            rejected.Add($"{where}: {error}");
    }

    private static (string Schema, string Table) TableOf(StreamSpec spec) => spec.Source switch
    {
        MarketplaceSchema.Name => (MarketplaceSchema.Name, spec.Origin),
        "reviews" => (ReviewApiSchema.Table.Split('.')[0], ReviewApiSchema.Table.Split('.')[1]),
        _ => throw new NotSupportedException($"Stream {spec.Key}: source '{spec.Source}' is not a demo source " +
            "(marketplace, reviews, files, economics)."),
    };
}
