using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace EcommerceLake.Contracts;

/// <summary>
/// The text of a contract enum value as it travels on the bus and is stored: the value's
/// <see cref="JsonStringEnumMemberNameAttribute"/> (for example <see cref="AlertKind.RunFailed"/> is
/// <c>run-failed</c>), else its C# name. The same text <see cref="System.Text.Json"/> writes for enums that carry
/// <c>[JsonConverter(typeof(JsonStringEnumConverter&lt;T&gt;))]</c>, for the places JSON does not reach: SQL
/// parameters, metric tags, log properties, alert keys.
/// </summary>
public static class WireName
{
    /// <summary>The wire text of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a declared member of
    /// <typeparamref name="T"/>.</exception>
    public static string Of<T>(T value) where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a member of {typeof(T).Name}.");

    /// <summary>The member of <typeparamref name="T"/> whose wire text is <paramref name="text"/> (ordinal, case
    /// sensitive).</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is no member's wire text; the message lists the
    /// accepted ones.</exception>
    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a {typeof(T).Name}; expected one of " +
                $"{string.Join(", ", Names<T>.ByValue.Values.Order(StringComparer.Ordinal))}.");

    /// <summary>True, with the member in <paramref name="value"/>, when <paramref name="text"/> is the wire text of
    /// a member of <typeparamref name="T"/>.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Names<T>.ByText.TryGetValue(text, out value);
    }

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = typeof(T)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToFrozenDictionary(f => (T)f.GetValue(null)!,
                f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

        public static readonly FrozenDictionary<string, T> ByText =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
