using System.Net;

namespace EcommerceLake.Google;

/// <summary>
/// A Google Cloud REST call answered with an error. Built from the standard error body
/// <c>{"error": {"code": 409, "message": "…", "status": "ALREADY_EXISTS", "errors": [{"reason": "duplicate"}]}}</c>
/// (https://cloud.google.com/apis/design/errors#http_mapping); the message names the method, the resource and Google's
/// message.
/// </summary>
public sealed class GoogleApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">HTTP method of the call.</param>
    /// <param name="resource">The called URI without its query string.</param>
    /// <param name="statusCode">HTTP status.</param>
    /// <param name="status">Canonical status (<c>NOT_FOUND</c>, <c>ALREADY_EXISTS</c>, …), when the body gave
    /// one.</param>
    /// <param name="reason">The first <c>errors[].reason</c> (<c>duplicate</c>, <c>notFound</c>, …), when
    /// given.</param>
    /// <param name="googleMessage">Google's message, or the body's first 500 characters when it is not the standard
    /// shape.</param>
    public GoogleApiException(string method, string resource, HttpStatusCode statusCode, string? status, string? reason,
        string googleMessage)
        : base($"{method} {resource} failed with {(int)statusCode} {status ?? statusCode.ToString()}: {googleMessage}")
    {
        Method = method;
        Resource = resource;
        StatusCode = statusCode;
        Status = status;
        Reason = reason;
        GoogleMessage = googleMessage;
    }

    /// <summary>HTTP method of the call.</summary>
    public string Method { get; }

    /// <summary>The called URI without its query string.</summary>
    public string Resource { get; }

    /// <summary>HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Canonical status such as <c>ALREADY_EXISTS</c>, when given.</summary>
    public string? Status { get; }

    /// <summary>First <c>errors[].reason</c>, when given.</summary>
    public string? Reason { get; }

    /// <summary>Google's own message.</summary>
    public string GoogleMessage { get; }

    /// <summary>True for 404.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>True for 400 <c>FAILED_PRECONDITION</c>: the resource is not in a state that allows the call
    /// (yet).</summary>
    public bool IsFailedPrecondition => StatusCode == HttpStatusCode.BadRequest && Status == "FAILED_PRECONDITION";

    /// <summary>True for 409 (<c>ALREADY_EXISTS</c> or <c>ABORTED</c>).</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;
}
