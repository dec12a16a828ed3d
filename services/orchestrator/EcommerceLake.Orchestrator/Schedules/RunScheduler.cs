using EcommerceLake.Orchestrator.Alerts;
using EcommerceLake.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Orchestrator.Schedules;

/// <summary>
/// Hosted service: runs each source of <c>Orchestrator:Schedules</c> (for example <c>files = 00:15:00</c> or
/// <c>marketplace = 0 2 * * *</c>, see <see cref="RunSchedule"/>) when its tick is due, checking every
/// <c>Orchestrator:ScheduleCheckInterval</c> (1 s) on the registered <see cref="TimeProvider"/> (tests drive it
/// with a manual clock). A due tick is requested through <see cref="ScheduleStore.ClaimDueAsync"/>: once across all
/// orchestrator instances, as a <c>RequestRun</c> with trigger <c>schedule</c> and requester <c>scheduler</c> in the
/// run outbox. Ticks missed while no orchestrator ran become one run at start (the latest; the count is logged and
/// kept). A tick whose source is busy is coalesced into the source's one follow-up run. No schedule is configured by
/// default.
/// </summary>
public sealed class RunScheduler(
    IOptions<OrchestratorOptions> options, StreamCatalog catalog, ScheduleStore store, TimeProvider time,
    ILogger<RunScheduler> logger) : PeriodicCheck(time, options.Value.ScheduleCheckInterval, logger)
{
    /// <summary>How long a cached next tick is trusted before the row is read again (another instance may have
    /// changed it).</summary>
    private static readonly TimeSpan Reread = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (DateTimeOffset? NextDue, DateTimeOffset ReadAt)> _next =
        new(StringComparer.Ordinal);
    private IReadOnlyList<RunSchedule>? _schedules;

    /// <inheritdoc />
    protected override string Description => "Checking the schedules";

    /// <summary>Reads and checks the schedules before the checks start.</summary>
    /// <exception cref="InvalidOperationException">
    /// A schedule names an unknown source or an expression that is neither an interval nor a cron expression, or
    /// <c>Orchestrator:ScheduleTimeZone</c> is not a zone this machine knows; the message names each key.
    /// </exception>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _schedules = Read(options.Value, catalog);
        foreach (var schedule in _schedules)
            logger.LogInformation("Schedule: a run of {Source} {Schedule}", schedule.Source, schedule.Describe());
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Requests the run of every schedule whose tick is due (the first call also writes the configured
    /// schedules to <c>orchestrator.schedules</c>).</summary>
    /// <returns>How many runs this call requested.</returns>
    /// <exception cref="Npgsql.NpgsqlException">The database could not be reached; the next check tries again.
    /// </exception>
    public override async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        _schedules ??= Read(options.Value, catalog);
        if (_schedules.Count == 0) return 0;
        var now = Clock.GetUtcNow();
        if (_next.Count == 0) await store.SyncAsync(_schedules, now, cancellationToken);
        var requested = 0;
        foreach (var schedule in _schedules)
        {
            if (_next.TryGetValue(schedule.Source, out var cached) && now - cached.ReadAt < Reread
                && (cached.NextDue is null || cached.NextDue > now))
                continue;
            var (claim, nextDue) = await store.ClaimDueAsync(schedule, now, cancellationToken);
            _next[schedule.Source] = (nextDue, now);
            if (claim is null) continue;
            requested++;
            if (claim.Ticks > 1)
                logger.LogWarning(
                    "Schedule: {Source} missed {Missed} ticks while no orchestrator ran; requested run {RunId} for " +
                    "the latest, {Due:u} (next {Next:u})", schedule.Source, claim.Ticks - 1, claim.RunId, claim.Due,
                    nextDue);
            else
                logger.LogInformation("Schedule: requested run {RunId} of {Source} for {Due:u} (next {Next:u})",
                    claim.RunId, schedule.Source, claim.Due, nextDue);
        }
        return requested;
    }

    /// <summary>Parses <c>Orchestrator:Schedules</c> in <c>Orchestrator:ScheduleTimeZone</c>.</summary>
    /// <exception cref="InvalidOperationException">Every problem found, each naming its key.</exception>
    public static IReadOnlyList<RunSchedule> Read(OrchestratorOptions settings, StreamCatalog catalog)
    {
        var errors = new List<string>();
        var zone = TimeZoneInfo.Utc;
        var zoneId = settings.ScheduleTimeZone.Trim();
        if (zoneId is not ("UTC" or "Etc/UTC") && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone!))
        {
            errors.Add($"{OrchestratorOptions.Section}:{nameof(OrchestratorOptions.ScheduleTimeZone)}: '{zoneId}' is "
                + "not a time zone this machine knows (an IANA id such as America/Sao_Paulo, or UTC).");
            zone = TimeZoneInfo.Utc;
        }
        var schedules = new List<RunSchedule>();
        foreach (var (source, expression) in settings.Schedules.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var key = $"{OrchestratorOptions.Section}:Schedules:{source}";
            if (!catalog.Sources.Contains(source, StringComparer.Ordinal))
                errors.Add($"{key}: unknown source; known sources: {string.Join(", ", catalog.Sources)}.");
            try
            {
                schedules.Add(RunSchedule.Parse(source, expression ?? "", zone));
            }
            catch (FormatException ex)
            {
                errors.Add($"{key}: {ex.Message}");
            }
        }
        if (errors.Count > 0) throw new InvalidOperationException(string.Join(" ", errors));
        return schedules;
    }
}
