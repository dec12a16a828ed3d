namespace EcommerceLake.Contracts;

/// <summary>
/// Why a step failed, so operators and the saga can tell a retry-worthy fault from one that needs a person.
/// Serialized by name in events and in the operations API.
/// </summary>
public enum FailureKind
{
    /// <summary>Something was briefly unavailable (a dropped connection, a timeout, HTTP 429/5xx) and the bus's
    /// retries and redeliveries ran out; running the step again later is expected to succeed.</summary>
    Transient,

    /// <summary>The deployment is wrong (a missing or invalid setting, credentials, an unknown source or stream);
    /// retrying cannot help until someone changes the configuration.</summary>
    Configuration,

    /// <summary>The source's data cannot be used as it is (an expired change-tracking version, a file that cannot
    /// be parsed, a batch that fails its checks); the offset stays, the data needs a fix or a reset.</summary>
    SourceData,

    /// <summary>A bug or an unexpected state in the platform itself.</summary>
    Internal,

    /// <summary>The step did not answer within its deadline after every re-send (see the orchestrator's
    /// <c>Orchestrator:Deadlines</c> settings), or the run's own deadline passed.</summary>
    TimedOut,

    /// <summary>An operator cancelled the run.</summary>
    Cancelled,
}
