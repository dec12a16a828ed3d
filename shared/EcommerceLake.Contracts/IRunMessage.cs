namespace EcommerceLake.Contracts;

/// <summary>
/// Implemented by every message that belongs to a pipeline run. The hosting defaults read it to put
/// <c>RunId</c>, <c>Source</c> and <c>Stream</c> on log scopes and trace spans.
/// </summary>
public interface IRunMessage
{
    /// <summary>The run's correlation id (the saga's <c>CorrelationId</c>).</summary>
    Guid RunId { get; }
}

/// <summary>A run message that concerns one stream of one source.</summary>
public interface IStreamMessage : IRunMessage
{
    /// <summary>Source name, for example <c>marketplace</c>, <c>reviews</c>, <c>files</c>.</summary>
    string Source { get; }

    /// <summary>Stream name inside the source, for example <c>orders</c>.</summary>
    string Stream { get; }
}
