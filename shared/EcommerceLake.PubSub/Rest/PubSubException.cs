using System.Net;

namespace EcommerceLake.PubSub.Rest;

/// <summary>
/// A Pub/Sub REST call answered with an error: the HTTP status, the <c>google.rpc.Status</c> code name
/// (<c>error.status</c>, e.g. <c>NOT_FOUND</c>, <c>PERMISSION_DENIED</c>;
/// https://cloud.google.com/pubsub/docs/reference/error-codes)
/// and Google's message.
/// </summary>
public sealed class PubSubException(string method, string resource, HttpStatusCode status, string? code,
    string? detail) : Exception($"Pub/Sub {method} {resource} failed: {(int)status} {code ?? status.ToString()}" +
                                (detail is { Length: > 0 } ? $": {detail}" : ""))
{
    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The canonical code name from the body (<c>error.status</c>), when there was one.</summary>
    public string? Code { get; } = code;
}
