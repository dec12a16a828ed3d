namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>
/// Thrown by <see cref="ReviewsApiClient.GetPageAsync"/> when the API no longer accepts the <c>cursor</c> of the
/// request: 410 Gone, or 400 whose error names the cursor (such as <c>{"error":"invalid_cursor"}</c>). The caller
/// restarts paging from its watermark (see <see cref="ReviewsOptions.OverlapWindow"/>).
/// </summary>
public sealed class ReviewsCursorExpiredException(string message) : Exception(message);
