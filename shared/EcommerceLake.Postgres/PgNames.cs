using System.Text.RegularExpressions;

namespace EcommerceLake.Postgres;

/// <summary>
/// Identifier checks for names that come from configuration or specs and reach SQL text: only
/// <c>^[A-Za-z_][A-Za-z0-9_]{0,62}$</c> is accepted, then the name is double-quoted
/// (PostgreSQL manual, "Identifiers and Key Words"; 63 bytes is NAMEDATALEN − 1).
/// </summary>
public static partial class PgNames
{
    /// <summary>Quotes a validated identifier.</summary>
    /// <exception cref="ArgumentException">The identifier is not allowed; the message names it.</exception>
    public static string Quote(string identifier) => $"\"{Validate(identifier)}\"";

    /// <summary>Quotes <c>schema.name</c> after validating both parts.</summary>
    /// <exception cref="ArgumentException">A part is not allowed.</exception>
    public static string Qualified(string schema, string name) => $"{Quote(schema)}.{Quote(name)}";

    /// <summary>Returns <paramref name="identifier"/> when it is allowed.</summary>
    /// <exception cref="ArgumentException">The identifier is not allowed; the message names it.</exception>
    public static string Validate(string identifier) =>
        identifier is not null && Pattern().IsMatch(identifier)
            ? identifier
            : throw new ArgumentException($"'{identifier}' is not an allowed SQL identifier (expected " +
                $"^[A-Za-z_][A-Za-z0-9_]{{0,62}}$).", nameof(identifier));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Pattern();
}
