using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Orchestrator.Dashboard;

/// <summary>Configuration section <c>Dashboard</c>: the operations dashboard served under <c>/dashboard</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Dashboard";

    /// <summary>
    /// <c>Dashboard:TraceViewerUrl</c>: link to a run's trace, with <c>{traceId}</c> replaced by the run's W3C trace
    /// id (32 hex digits), for example <c>http://localhost:16686/trace/{traceId}</c> (Jaeger) or a Cloud Trace URL.
    /// Unset: the trace id is shown without a link.
    /// </summary>
    [RegularExpression(@"^https?://.*\{traceId\}.*$",
        ErrorMessage = "TraceViewerUrl is an http(s) URL containing {traceId}.")]
    public string? TraceViewerUrl { get; set; }

    /// <summary><c>Dashboard:RefreshSeconds</c>: how often a page showing an active run refreshes itself, 1 to 60.
    /// Default 2.</summary>
    [Range(1, 60)]
    public int RefreshSeconds { get; set; } = 2;

    /// <summary>
    /// <c>Dashboard:FreshnessWarning</c>: a stream whose last successful load is older than this is shown as stale.
    /// Default 1 day.
    /// </summary>
    public TimeSpan FreshnessWarning { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The trace viewer link for <paramref name="traceId"/>, else null.</summary>
    public string? TraceLink(string? traceId) =>
        string.IsNullOrEmpty(TraceViewerUrl) || string.IsNullOrEmpty(traceId)
            ? null
            : TraceViewerUrl.Replace("{traceId}", Uri.EscapeDataString(traceId), StringComparison.Ordinal);
}
