using System.Globalization;

namespace EcommerceLake.Streams;

/// <summary>A duration for people, as the dashboard and the CLI show step times, ages, lags and cadences.</summary>
public static class DurationText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// <paramref name="seconds"/> as <c>850 ms</c> (under a second), <c>12.4 s</c> (under a minute), <c>3 min 05 s</c>
    /// (under an hour), <c>2 days</c> (whole days, to the minute) or else <c>26 h 10 min</c>; <c>—</c> for null.
    /// </summary>
    public static string Describe(double? seconds)
    {
        if (seconds is not { } s) return "—";
        if (s < 1) return $"{s * 1000:F0} ms";
        if (s < 60) return string.Create(Invariant, $"{s:F1} s");
        if (s < 3600) return string.Create(Invariant, $"{(int)(s / 60)} min {(int)(s % 60):00} s");
        if (s >= 86400 && s % 86400 < 60) return $"{(int)(s / 86400)} day{(s >= 172800 ? "s" : "")}";
        return string.Create(Invariant, $"{(int)(s / 3600)} h {(int)(s % 3600 / 60):00} min");
    }
}
