namespace EcommerceLake.Orchestrator.Api;

/// <summary>Body of <c>POST /runs/{runId}/cancel</c>.</summary>
public sealed class CancelRunRequest
{
    /// <summary>Who cancels (required); recorded in the run's error.</summary>
    public string? RequestedBy { get; set; }

    /// <summary>Why (required); recorded in the run's error.</summary>
    public string? Reason { get; set; }
}
