using Microsoft.AspNetCore.Http;

namespace EcommerceLake.Testing.Fakes.Gcs;

/// <summary>
/// Error answers in Google's JSON shape
/// (<c>{"error":{"code","message","status","errors":[{"message","domain","reason"}]}}</c>,
/// https://cloud.google.com/storage/docs/json_api/v1/status-codes).
/// </summary>
public static class FakeGcsErrors
{
    /// <summary>An error answer with <paramref name="code"/>, <paramref name="message"/> and the usual status/reason of
    /// the code.</summary>
    public static IResult Error(int code, string message)
    {
        var (status, reason) = code switch
        {
            400 => ("INVALID_ARGUMENT", "invalid"),
            416 => ("OUT_OF_RANGE", "requestedRangeNotSatisfiable"),
            401 => ("UNAUTHENTICATED", "required"),
            403 => ("PERMISSION_DENIED", "forbidden"),
            404 => ("NOT_FOUND", "notFound"),
            408 => ("DEADLINE_EXCEEDED", "requestTimeout"),
            409 => ("ALREADY_EXISTS", "conflict"),
            410 => ("NOT_FOUND", "gone"),
            412 => ("FAILED_PRECONDITION", "conditionNotMet"),
            429 => ("RESOURCE_EXHAUSTED", "rateLimitExceeded"),
            500 => ("INTERNAL", "backendError"),
            502 => ("UNAVAILABLE", "badGateway"),
            503 => ("UNAVAILABLE", "backendError"),
            _ => ("UNKNOWN", "unknown"),
        };
        return Results.Json(new
        {
            error = new
            {
                code,
                message,
                status,
                errors = new[] { new { message, domain = "global", reason } },
            },
        }, statusCode: code);
    }
}
