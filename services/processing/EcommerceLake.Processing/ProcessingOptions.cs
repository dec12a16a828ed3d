namespace EcommerceLake.Processing;

/// <summary>Configuration section <c>Processing</c>.</summary>
public sealed class ProcessingOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Processing";

    /// <summary>
    /// <c>Processing:Engine</c>: the engine that types land batches. Default <c>InProcess</c>; a Dataproc engine
    /// (PySpark jobs driven by the same stream specs) is the production adapter still to come.
    /// </summary>
    public ProcessingEngineKind Engine { get; set; } = ProcessingEngineKind.InProcess;
}
