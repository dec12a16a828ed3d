using System.Text.RegularExpressions;

namespace EcommerceLake.Ingestion.Connectors.Marketplace;

/// <summary>
/// SQL Server identifiers that reach SQL text: each is validated against <c>^[A-Za-z_][A-Za-z0-9_]*$</c> (at most 128
/// characters, the length of <c>sysname</c>) before it is bracket-quoted, so no name can close the brackets or carry
/// anything but a plain identifier.
/// </summary>
public static partial class SqlServerNames
{
    /// <summary>Longest identifier SQL Server accepts (<c>sysname</c> = <c>nvarchar(128)</c>).</summary>
    public const int MaxLength = 128;

    /// <summary>True when <paramref name="identifier"/> is a plain identifier.</summary>
    public static bool IsValid(string? identifier) =>
        identifier is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(identifier);

    /// <summary><c>[identifier]</c> after validation.</summary>
    /// <exception cref="ArgumentException"><paramref name="identifier"/> is not a plain identifier.</exception>
    public static string Quote(string identifier) =>
        IsValid(identifier)
            ? $"[{identifier}]"
            : throw new ArgumentException(
                $"'{identifier}' is not a plain SQL Server identifier (^[A-Za-z_][A-Za-z0-9_]*$, at most {MaxLength} " +
                "characters).", nameof(identifier));

    /// <summary><c>[schema].[name]</c> after validating both.</summary>
    /// <exception cref="ArgumentException">A name is not a plain identifier.</exception>
    public static string Qualified(TrackedTable table) => $"{Quote(table.Schema)}.{Quote(table.Name)}";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
