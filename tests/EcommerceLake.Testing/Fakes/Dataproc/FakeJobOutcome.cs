namespace EcommerceLake.Testing.Fakes.Dataproc;

/// <summary>How one attempt of a fake Dataproc job ends: DONE, ERROR or ATTEMPT_FAILURE (then Dataproc restarts the
/// driver).</summary>
/// <param name="State">DONE, ERROR or ATTEMPT_FAILURE.</param>
/// <param name="Details">The <c>status.details</c> of an ERROR or ATTEMPT_FAILURE.</param>
public sealed record FakeJobOutcome(string State, string? Details = null)
{
    /// <summary>The attempt succeeded.</summary>
    public static FakeJobOutcome Done { get; } = new("DONE");

    /// <summary>The job ends in ERROR with <paramref name="details"/>.</summary>
    public static FakeJobOutcome Error(string details) => new("ERROR", details);

    /// <summary>The attempt fails (ATTEMPT_FAILURE with <paramref name="details"/>) and the fake restarts the driver:
    /// the runner runs again with the next attempt number.</summary>
    public static FakeJobOutcome AttemptFailure(string details) => new("ATTEMPT_FAILURE", details);
}
