namespace EcommerceLake.Testing.Fakes.PubSub;

/// <summary>
/// A Pub/Sub error the fake answers with: HTTP <see cref="Code"/> and the canonical gRPC status name
/// <see cref="Status"/> (<c>INVALID_ARGUMENT</c> 400, <c>NOT_FOUND</c> 404, <c>ALREADY_EXISTS</c> 409,
/// <c>RESOURCE_EXHAUSTED</c> 429, <c>UNAVAILABLE</c> 503; https://cloud.google.com/pubsub/docs/reference/error-codes).
/// </summary>
public sealed class FakePubSubException(int code, string status, string message) : Exception(message)
{
    /// <summary>HTTP status code of the answer.</summary>
    public int Code { get; } = code;

    /// <summary>Canonical status name, e.g. <c>NOT_FOUND</c>.</summary>
    public string Status { get; } = status;

    /// <summary>400 INVALID_ARGUMENT.</summary>
    public static FakePubSubException InvalidArgument(string message) => new(400, "INVALID_ARGUMENT", message);

    /// <summary>404 NOT_FOUND with Pub/Sub's wording, <c>Resource not found (resource={id}).</c></summary>
    public static FakePubSubException NotFound(string resourceName) =>
        new(404, "NOT_FOUND", $"Resource not found (resource={ShortId(resourceName)}).");

    /// <summary>409 ALREADY_EXISTS with Pub/Sub's wording,
    /// <c>Resource already exists in the project (resource={id}).</c></summary>
    public static FakePubSubException AlreadyExists(string resourceName) =>
        new(409, "ALREADY_EXISTS", $"Resource already exists in the project (resource={ShortId(resourceName)}).");

    /// <summary>The canonical status name of an HTTP error code, as Google's APIs map them.</summary>
    public static string StatusOf(int code) => code switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        412 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        500 => "INTERNAL",
        501 => "UNIMPLEMENTED",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
    };

    /// <summary>400 for a number out of its range, in Pub/Sub's wording: <c>The value for {field} is too small. You
    /// passed {value} in the request, but the minimum value is {min}.</c> (or too large … maximum).</summary>
    public static FakePubSubException OutOfRange(string field, long value, long min, long max) => InvalidArgument(
        value < min
            ? $"The value for {field} is too small. You passed {value} in the request, but the minimum value is "
              + $"{min}."
            : $"The value for {field} is too large. You passed {value} in the request, but the maximum value is "
              + $"{max}.");

    private static string ShortId(string name) => name[(name.LastIndexOf('/') + 1)..];
}
