namespace EcommerceLake.Orchestrator.Api;

/// <summary>Body of <c>POST /runs/{runId}/cancel</c>; who cancels is the authenticated principal.</summary>
public sealed class CancelRunRequest
{
    /// <summary>Why (required); recorded in the run's error.</summary>
    public string? Reason { get; set; }
}
