using Xunit;

namespace EcommerceLake.EndToEnd.Tests;

/// <summary>
/// Tests that read the spans a run leaves behind run alone. An embedded lake in this test process (the main job, the
/// cloud-engine runs) owns an OpenTelemetry tracer provider, whose listener is process-wide: while one is alive, the
/// test process's own publish of a run request starts a send span whose id becomes the parent of the run's root span,
/// yet that span is exported only by the other test's provider, never to the span files being checked.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTracing
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process-wide tracing";
}
