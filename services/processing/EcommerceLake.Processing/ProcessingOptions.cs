using System.ComponentModel.DataAnnotations;

namespace EcommerceLake.Processing;

/// <summary>Configuration section <c>Processing</c>.</summary>
public sealed class ProcessingOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Processing";

    /// <summary>
    /// <c>Processing:Engine</c>: the engine that types land batches. Default <c>InProcess</c>; <c>Dataproc</c> runs a
    /// PySpark job per stream (driven by the same stream specs) on an ephemeral cluster per run, configured by the
    /// <c>Processing:Dataproc</c> and <c>GoogleCloud</c> sections, with the lake in Cloud Storage
    /// (<c>Lake:Store=Gcs</c>).
    /// </summary>
    public ProcessingEngineKind Engine { get; set; } = ProcessingEngineKind.InProcess;

    /// <summary><c>Processing:ConcurrentStreams</c>: <c>ProcessStream</c> commands one processing instance runs at once
    /// (its endpoint's concurrency and prefetch), 1 to 256; unset (the default), <c>Bus:PrefetchCount</c>. With the
    /// <c>InProcess</c> engine each one types a batch on a thread of this process; with <c>Dataproc</c> each one is a
    /// job on the run's cluster.</summary>
    [Range(1, 256, ErrorMessage = "Processing:ConcurrentStreams must be between 1 and 256.")]
    public int? ConcurrentStreams { get; set; }
}
