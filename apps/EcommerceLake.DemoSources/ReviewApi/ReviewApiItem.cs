namespace EcommerceLake.DemoSources.ReviewApi;

/// <summary>One review as the API presents it (JSON snake_case names; timestamps ISO 8601 in UTC).</summary>
internal sealed record ReviewApiItem(
    string ReviewId,
    string OrderId,
    int? ReviewScore,
    string? ReviewCommentTitle,
    string? ReviewCommentMessage,
    string? ReviewCreationDate,
    string ReviewAnswerTimestamp);

/// <summary>A page of reviews: <c>{"data":[…],"next_cursor":"…"|null}</c>.</summary>
internal sealed record ReviewApiPage(IReadOnlyList<ReviewApiItem> Data, string? NextCursor);

/// <summary>The token endpoint's success response (RFC 6749 §5.1).</summary>
internal sealed record ReviewApiTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>An error response (RFC 6749 §5.2 shape, used by every endpoint).</summary>
internal sealed record ReviewApiError(string Error, string? ErrorDescription = null);
