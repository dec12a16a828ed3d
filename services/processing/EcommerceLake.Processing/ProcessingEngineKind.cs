namespace EcommerceLake.Processing;

/// <summary>Which adapter of <see cref="IProcessingEngine"/> turns land batches into raw batches.</summary>
public enum ProcessingEngineKind
{
    /// <summary>The in-process engine (<see cref="InProcess.InProcessProcessingEngine"/>): reads and writes the lake
    /// from this process.</summary>
    InProcess,

    /// <summary>
    /// Dataproc (<see cref="Dataproc.DataprocProcessingEngine"/>): an ephemeral cluster per run and one PySpark job per
    /// stream; needs the <c>GoogleCloud</c> section and <c>Lake:Store=Gcs</c>.
    /// </summary>
    Dataproc,
}
