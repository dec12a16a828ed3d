namespace EcommerceLake.Streams;

/// <summary>
/// The declarative spec of one stream, loaded from <c>Specs/{source}.{stream}.json</c>. It drives extraction (which
/// columns to read), processing (typing and cleaning) and the warehouse (DDL, MERGE keys), in every engine.
/// </summary>
/// <param name="Source">Source name (<c>marketplace</c>, <c>reviews</c>, <c>files</c>).</param>
/// <param name="Stream">Stream name, unique inside its source.</param>
/// <param name="Table">Table name in the raw and trusted layers (<c>{source}_{stream}</c>).</param>
/// <param name="Origin">Where the source keeps it: a table name, an API path, or a file-name glob.</param>
/// <param name="PrimaryKey">Primary-key column names, in key order.</param>
/// <param name="Columns">Business columns, in source order.</param>
/// <param name="Cleaning">Cleaning rules.</param>
public sealed record StreamSpec(
    string Source,
    string Stream,
    string Table,
    string Origin,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<ColumnSpec> Columns,
    CleaningRules Cleaning)
{
    /// <summary>Name of the change-operation meta column in land and raw: <c>I</c>, <c>U</c> or <c>D</c>.</summary>
    public const string OperationColumn = "_op";

    /// <summary>Name of the change-version meta column in land, raw and trusted (64-bit; the latest version wins a
    /// MERGE).</summary>
    public const string ChangeVersionColumn = "_change_version";

    /// <summary>Data-quality checks the warehouse runs on the trusted rows of every load (spec key <c>checks</c>;
    /// none by default).</summary>
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    /// <summary>Source columns (table columns, header names, JSON fields) the spec leaves out on purpose (spec key
    /// <c>ignoredColumns</c>; none by default): not landed, and not reported as schema drift. Compared as the
    /// drift is, case ignored; none may be one of <see cref="Columns"/>.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    /// <summary><c>{source}.{stream}</c>, the stream's stable key.</summary>
    public string Key => $"{Source}.{Stream}";

    /// <summary>The column called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The spec has no such column.</exception>
    public ColumnSpec Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name)
            ?? throw new KeyNotFoundException($"Stream {Key} has no column '{name}'.");
}
