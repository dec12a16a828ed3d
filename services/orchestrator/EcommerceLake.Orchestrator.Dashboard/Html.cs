using System.Globalization;
using System.Text.Encodings.Web;
using EcommerceLake.Streams;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>HTML building blocks: encoding, durations, times and state badges.</summary>
internal static class Html
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>HTML-encodes <paramref name="value"/> (null → empty).</summary>
    public static string E(object? value) => HtmlEncoder.Default.Encode(Convert.ToString(value, Invariant) ?? "");

    /// <summary>A duration for people (<see cref="DurationText.Describe"/>): <c>850 ms</c>, <c>12.4 s</c>,
    /// <c>3 min 05 s</c>, <c>2 h 10 min</c>, <c>2 days</c>; <c>—</c> for null.</summary>
    public static string Duration(double? seconds) => DurationText.Describe(seconds);

    /// <summary>An age for people: <c>just now</c>, <c>5 min ago</c>, <c>3 h ago</c>, <c>2 days ago</c>.</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } t) return "never";
        var age = now - t;
        if (age < TimeSpan.FromMinutes(1)) return "just now";
        if (age < TimeSpan.FromHours(1)) return $"{(int)age.TotalMinutes} min ago";
        if (age < TimeSpan.FromDays(2)) return $"{(int)age.TotalHours} h ago";
        return $"{(int)age.TotalDays} days ago";
    }

    /// <summary>A UTC time as <c>yyyy-MM-dd HH:mm:ss</c> in a <c>time</c> element.</summary>
    public static string Time(DateTimeOffset? at) => at is { } t
        ? $"<time datetime=\"{t.UtcDateTime:O}\">{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant)}</time>"
        : "—";

    /// <summary>A number with thousands separators.</summary>
    public static string N(long value) => value.ToString("N0", Invariant);

    /// <summary>A coloured badge for a run or stream state.</summary>
    public static string Badge(string state)
    {
        var kind = state switch
        {
            "Completed" or "Loaded" or "Built" => "ok",
            "Failed" or "Refused" => "bad",
            "Pending" or "NotStarted" => "idle",
            _ => "busy",
        };
        return $"<span class=\"badge {kind}\">{E(state)}</span>";
    }

    /// <summary>The link to a stream's page, <c>/dashboard/streams/{source}/{stream}</c>, reading
    /// <c>source.stream</c> with the source in small type.</summary>
    public static string StreamLink(string source, string stream) =>
        $"<a href=\"/dashboard/streams/{E(source)}/{E(stream)}\"><small>{E(source)}.</small>{E(stream)}</a>";

    /// <summary>
    /// An offset for people (<see cref="OffsetText.Describe"/>: <c>changeVersion: 42</c>, <c>files: 3 entries ·
    /// lastSequence: 3</c>, <c>none</c> for no offset) in a <c>code</c> element whose title is
    /// <paramref name="title"/>, or else the offset's whole JSON (none without an offset). The cell's CSS
    /// (<c>td.offset</c>) ends a long one in an ellipsis.
    /// </summary>
    public static string Offset(string? json, string? title = null)
    {
        title ??= json;
        return (title is null ? "<code>" : $"<code title=\"{E(title)}\">") + $"{E(OffsetText.Describe(json))}</code>";
    }

    /// <summary>
    /// The last 8 hex digits of a run id. Run ids are MassTransit NewIds (sequential GUIDs): their first digits are
    /// the same for every id one orchestrator process makes (sequence, process and worker id), so a prefix told no
    /// two runs apart; their last 12 digits are the creation time in units of 65,536 ticks (6.55 ms). The last 8 tell
    /// apart runs created more than 6.55 ms apart (repeating after about 326 days), and are a substring of the id
    /// with and without hyphens, so <c>grep</c> finds them in logs and lake paths.
    /// </summary>
    public static string Short(Guid id) => id.ToString("N")[^8..];
}
