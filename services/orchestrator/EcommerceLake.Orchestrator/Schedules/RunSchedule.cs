using System.Globalization;
using Cronos;

namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>
/// One <c>Orchestrator:Schedules:{source}</c> entry, parsed: when runs of <see cref="Source"/> are due. An interval
/// (<see cref="ScheduleKind.Interval"/>) ticks at whole multiples of itself since the Unix epoch (UTC); a cron
/// expression (<see cref="ScheduleKind.Cron"/>) follows Cronos's reading of the Vixie cron format (five fields
/// <c>minute hour day-of-month month day-of-week</c>, or six with seconds first; macros <c>@hourly</c>,
/// <c>@daily</c>, <c>@weekly</c>, <c>@monthly</c>, <c>@yearly</c>) in <see cref="TimeZone"/>, with its rules for
/// daylight saving time: a local time skipped by a spring-forward runs at the jump, one repeated by a fall-back
/// runs once (https://github.com/HangfireIO/Cronos#daylight-saving-time). Every instance computes the same ticks.
/// </summary>
public sealed class RunSchedule
{
    private RunSchedule(string source, string expression, ScheduleKind kind, TimeSpan interval, CronExpression? cron,
        TimeZoneInfo zone)
    {
        Source = source;
        Expression = expression;
        Kind = kind;
        Interval = interval;
        Cron = cron;
        TimeZone = zone;
    }

    /// <summary>The source the schedule runs, a name of the stream catalog.</summary>
    public string Source { get; }

    /// <summary>The expression as configured, trimmed (<c>00:15:00</c>, <c>0 2 * * *</c>).</summary>
    public string Expression { get; }

    /// <summary>Interval or cron.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>The interval of an <see cref="ScheduleKind.Interval"/> schedule; zero for cron.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The zone a cron expression is read in (intervals do not depend on it).</summary>
    public TimeZoneInfo TimeZone { get; }

    private CronExpression? Cron { get; }

    /// <summary>
    /// Reads <paramref name="expression"/>: text with a <c>:</c> is an interval (<see cref="TimeSpan"/>, invariant
    /// culture, at least one second), anything else a cron expression (six fields mean seconds first).
    /// </summary>
    /// <exception cref="FormatException">Neither a positive interval nor a valid cron expression; the message says
    /// what is wrong with it, not which key held it.</exception>
    public static RunSchedule Parse(string source, string expression, TimeZoneInfo zone)
    {
        var text = expression.Trim();
        if (KindOf(text) == ScheduleKind.Interval)
        {
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
                throw new FormatException($"'{text}' is not an interval (hh:mm:ss or d.hh:mm:ss).");
            if (interval < TimeSpan.FromSeconds(1))
                throw new FormatException($"the interval '{text}' must be at least one second (for example 00:15:00).");
            return new RunSchedule(source, text, ScheduleKind.Interval, interval, null, TimeZoneInfo.Utc);
        }
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            var cron = CronExpression.Parse(string.Join(' ', fields),
                fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return new RunSchedule(source, string.Join(' ', fields), ScheduleKind.Cron, TimeSpan.Zero, cron, zone);
        }
        catch (CronFormatException ex)
        {
            throw new FormatException(
                $"'{text}' is neither an interval (hh:mm:ss) nor a cron expression ({ex.Message}).", ex);
        }
    }

    /// <summary>How <paramref name="expression"/> is read: an interval when it holds a <c>:</c>, else cron.</summary>
    public static ScheduleKind KindOf(string expression) =>
        expression.Contains(':', StringComparison.Ordinal) ? ScheduleKind.Interval : ScheduleKind.Cron;

    /// <summary>The first tick strictly after <paramref name="after"/> (UTC offset zero), or null when a cron
    /// expression never matches again (for example <c>0 0 30 2 *</c>).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        if (Cron is { } cron) return cron.GetNextOccurrence(after.ToUniversalTime(), TimeZone)?.ToUniversalTime();
        var ticks = after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var next = (ticks / Interval.Ticks + 1) * Interval.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(next);
    }

    /// <summary>
    /// The last tick in [<paramref name="from"/>, <paramref name="now"/>] and how many ticks of that range it stands
    /// for (ticks missed while no orchestrator checked are run once, as the latest); null when none is in the range.
    /// <paramref name="from"/> is a tick (a stored next due time), so a cron range is walked tick by tick.
    /// </summary>
    public (DateTimeOffset Due, long Ticks)? LatestDue(DateTimeOffset from, DateTimeOffset now)
    {
        if (from > now) return null;
        if (Cron is null)
        {
            var count = (now - from).Ticks / Interval.Ticks;
            return (from + TimeSpan.FromTicks(count * Interval.Ticks), count + 1);
        }
        DateTimeOffset? latest = null;
        long ticks = 0;
        for (var due = (DateTimeOffset?)from; due is { } d && d <= now; due = NextAfter(d))
        {
            latest = d;
            ticks++;
        }
        return latest is { } last ? (last, ticks) : null;
    }

    /// <summary>The expression with its zone, as listed: <c>every 00:15:00</c>, <c>0 2 * * * (America/Sao_Paulo)</c>.
    /// </summary>
    public string Describe() => Kind == ScheduleKind.Interval
        ? $"every {Interval.ToString("c", CultureInfo.InvariantCulture)}"
        : $"{Expression} ({TimeZone.Id})";
}
