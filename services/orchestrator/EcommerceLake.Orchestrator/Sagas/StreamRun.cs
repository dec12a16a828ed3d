namespace EcommerceLake.Orchestrator.Sagas;

/// <summary>
/// One stream of a run: its status, the offset range it read, row counts and the timings of each step
/// (an element of the <c>streams</c> <c>jsonb</c> array of <see cref="PipelineRunState"/>). Times are UTC;
/// <c>…Seconds</c> are the durations the services reported for their step.
/// </summary>
public sealed class StreamRun
{
    /// <summary>Source name.</summary>
    public string Source { get; set; } = "";

    /// <summary>Stream name inside the source.</summary>
    public string Stream { get; set; } = "";

    /// <summary>Where the stream is.</summary>
    public StreamRunStatus Status { get; set; }

    /// <summary>Committed offset the extraction started from (null when the stream had none).</summary>
    public string? OffsetFrom { get; set; }

    /// <summary>Offset reached by the extraction; committed when the stream is loaded.</summary>
    public string? OffsetTo { get; set; }

    /// <summary>
    /// When <see cref="OffsetTo"/> was committed to <c>committed_offsets</c> (same transaction as
    /// <see cref="Status"/> = Loaded).
    /// </summary>
    public DateTimeOffset? OffsetCommittedAt { get; set; }

    /// <summary>
    /// True when the stream was asked to read the whole source whatever its offset: the run's own
    /// <c>forceFull</c>, or an operator's force-full switch of the stream, which the run clears when it commits the
    /// stream's offset.
    /// </summary>
    public bool ForceFull { get; set; }

    /// <summary>While <see cref="Status"/> is Paused: who paused the stream and why ("paused by … : …").</summary>
    public string? PausedReason { get; set; }

    /// <summary>
    /// True when the extract landed an empty increment (no rows, not a full snapshot): the run sent no process or
    /// load for the stream, trusted is unchanged, and the offset was committed with the extract's answer.
    /// </summary>
    public bool NothingToLoad { get; set; }

    /// <summary>True when the batch holds the whole source table.</summary>
    public bool IsFullSnapshot { get; set; }

    /// <summary>Lake path of the land batch.</summary>
    public string? LandBatchUri { get; set; }

    /// <summary>Lake path of the raw batch.</summary>
    public string? RawBatchUri { get; set; }

    /// <summary>Rows written to land.</summary>
    public long LandRows { get; set; }

    /// <summary>Malformed source records set aside during extraction.</summary>
    public long Quarantined { get; set; }

    /// <summary>Typed rows written to the raw batch.</summary>
    public long RawRows { get; set; }

    /// <summary>Land rows that failed typing.</summary>
    public long Rejected { get; set; }

    /// <summary>Rows appended to the raw table by the load.</summary>
    public long RawAppended { get; set; }

    /// <summary>Rows in the trusted table after the MERGE.</summary>
    public long TrustedRows { get; set; }

    /// <summary>Rows the MERGE inserted.</summary>
    public long Inserted { get; set; }

    /// <summary>Rows the MERGE updated.</summary>
    public long Updated { get; set; }

    /// <summary>Rows the MERGE deleted.</summary>
    public long Deleted { get; set; }

    /// <summary>When <c>ExtractStream</c> was sent.</summary>
    public DateTimeOffset? ExtractStartedAt { get; set; }

    /// <summary>When <c>StreamExtracted</c> (or the failure) arrived.</summary>
    public DateTimeOffset? ExtractFinishedAt { get; set; }

    /// <summary>Extraction wall time reported by the ingestion service, seconds.</summary>
    public double? ExtractSeconds { get; set; }

    /// <summary>When <c>ProcessStream</c> was sent.</summary>
    public DateTimeOffset? ProcessStartedAt { get; set; }

    /// <summary>When <c>StreamProcessed</c> (or the failure) arrived.</summary>
    public DateTimeOffset? ProcessFinishedAt { get; set; }

    /// <summary>Processing wall time reported by the processing service, seconds.</summary>
    public double? ProcessSeconds { get; set; }

    /// <summary>When <c>LoadStream</c> was sent.</summary>
    public DateTimeOffset? LoadStartedAt { get; set; }

    /// <summary>When <c>StreamLoaded</c> (or the failure) arrived.</summary>
    public DateTimeOffset? LoadFinishedAt { get; set; }

    /// <summary>Load wall time reported by the warehouse service, seconds.</summary>
    public double? LoadSeconds { get; set; }

    /// <summary>The step that failed (<c>extract</c>, <c>process</c>, <c>load</c>), else null.</summary>
    public string? FailedStep { get; set; }

    /// <summary>The failed step's error, else null.</summary>
    public string? Error { get; set; }

    /// <summary>What kind of failure ended the stream, else null.</summary>
    public Contracts.FailureKind? FailureKind { get; set; }

    /// <summary>How many times the current step's command has been sent (1 for the first send); the step fails
    /// with <c>TimedOut</c> when <c>Orchestrator:Deadlines:Attempts</c> sends went unanswered.</summary>
    public int Attempt { get; set; }

    /// <summary>When the current step's command was last sent (UTC); its deadline is this plus
    /// <c>Orchestrator:Deadlines:Step</c>.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The step the stream is running, or null when it is settled.</summary>
    public StreamStep? CurrentStep => StreamSteps.StepOf(Status);

    /// <summary>When <paramref name="step"/> started (UTC), or null when it has not.</summary>
    public DateTimeOffset? StartedAt(StreamStep step) => step switch
    {
        StreamStep.Extract => ExtractStartedAt,
        StreamStep.Process => ProcessStartedAt,
        _ => LoadStartedAt,
    };

    /// <summary>Records that <paramref name="step"/> started (its command sent for the first time) at
    /// <paramref name="now"/>.</summary>
    public void Start(StreamStep step, DateTimeOffset now)
    {
        Status = step.Status();
        Attempt = 1;
        SentAt = now;
        switch (step)
        {
            case StreamStep.Extract: ExtractStartedAt = now; break;
            case StreamStep.Process: ProcessStartedAt = now; break;
            default: LoadStartedAt = now; break;
        }
    }

    /// <summary>Records that <paramref name="step"/> ended at <paramref name="now"/> (answered, failed or given up),
    /// with the duration the service reported, seconds, when there is one.</summary>
    public void Finish(StreamStep step, DateTimeOffset now, double? seconds)
    {
        switch (step)
        {
            case StreamStep.Extract: (ExtractFinishedAt, ExtractSeconds) = (now, seconds ?? ExtractSeconds); break;
            case StreamStep.Process: (ProcessFinishedAt, ProcessSeconds) = (now, seconds ?? ProcessSeconds); break;
            default: (LoadFinishedAt, LoadSeconds) = (now, seconds ?? LoadSeconds); break;
        }
        SentAt = null;
    }

    /// <summary>Copies what the ingestion service reported for the land batch.</summary>
    public void Record(Contracts.StreamExtracted m) =>
        (OffsetFrom, OffsetTo, LandRows, Quarantined, LandBatchUri, IsFullSnapshot) =
        (m.OffsetFrom, m.OffsetTo, m.RowCount, m.QuarantinedCount, m.LandBatchUri, m.IsFullSnapshot);

    /// <summary>Copies what the processing service reported for the raw batch.</summary>
    public void Record(Contracts.StreamProcessed m) =>
        (RawRows, Rejected, RawBatchUri, IsFullSnapshot) =
        (m.RowCount, m.RejectedCount, m.RawBatchUri, m.IsFullSnapshot);

    /// <summary>Copies what the warehouse service reported for the MERGE into trusted.</summary>
    public void Record(Contracts.StreamLoaded m) =>
        (RawAppended, TrustedRows, Inserted, Updated, Deleted) =
        (m.RawRowCount, m.TrustedRowCount, m.Inserted, m.Updated, m.Deleted);

    /// <summary>Ends the stream as <see cref="StreamRunStatus.Failed"/> in <paramref name="step"/>.</summary>
    public void Fail(StreamStep step, Contracts.FailureKind kind, string error, DateTimeOffset now)
    {
        Finish(step, now, null);
        Status = StreamRunStatus.Failed;
        FailedStep = step.Name();
        FailureKind = kind;
        Error = error;
    }

    /// <summary>True when the stream will not change any more in this run (loaded, failed or paused).</summary>
    public bool IsSettled => Status is StreamRunStatus.Loaded or StreamRunStatus.Failed or StreamRunStatus.Paused;

    /// <summary><c>source.stream</c>.</summary>
    public override string ToString() => $"{Source}.{Stream}";
}
