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
}
