using System.Text.Json.Serialization;
using EcommerceLake.Contracts;
using static System.FormattableString;

namespace EcommerceLake.Streams;

/// <summary>
/// A data-quality check of a stream, declared in its spec file under <c>checks</c> and run by the warehouse after
/// every MERGE into trusted, in the load's transaction, over the trusted rows that load inserted or updated (column
/// <c>_run_id</c> is the run's). Example: <c>{ "name": "score_1_to_5", "kind": "range", "column": "review_score",
/// "min": 1, "max": 5, "severity": "error" }</c>. Validated with its spec by <see cref="StreamCatalog"/>.
/// </summary>
public sealed record CheckSpec
{
    /// <summary>Name unique within the stream, matching <c>^[a-z_][a-z0-9_]*$</c>; outcomes and alerts carry
    /// it.</summary>
    public required string Name { get; init; }

    /// <summary>What the check asserts.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<CheckKind>))]
    public required CheckKind Kind { get; init; }

    /// <summary>The spec column checked; a <see cref="CheckKind.Range"/> needs a numeric one (int, bigint,
    /// decimal).</summary>
    public required string Column { get; init; }

    /// <summary>The accepted values of an <see cref="CheckKind.AcceptedValues"/> check (one at least); empty
    /// otherwise.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Inclusive lower bound of a <see cref="CheckKind.Range"/> check, or null for none.</summary>
    public decimal? Min { get; init; }

    /// <summary>Inclusive upper bound of a <see cref="CheckKind.Range"/> check, or null for none.</summary>
    public decimal? Max { get; init; }

    /// <summary>What a failure does to the load; default <see cref="CheckSeverity.Warn"/>.</summary>
    public CheckSeverity Severity { get; init; } = CheckSeverity.Warn;

    /// <summary>The assertion in words, for messages and pages, such as <c>review_score between 1 and 5</c> or
    /// <c>payment_type in (boleto, credit_card)</c>.</summary>
    public string Describe() => Kind switch
    {
        CheckKind.NotNull => $"{Column} is not null",
        CheckKind.AcceptedValues => $"{Column} in ({string.Join(", ", Values)})",
        _ => (Min, Max) switch
        {
            ({ } min, { } max) => Invariant($"{Column} between {min} and {max}"),
            ({ } min, null) => Invariant($"{Column} ≥ {min}"),
            (null, { } max) => Invariant($"{Column} ≤ {max}"),
            _ => $"{Column} in any range",
        },
    };
}
