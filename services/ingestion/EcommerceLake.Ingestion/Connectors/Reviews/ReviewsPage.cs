using System.Text.Json;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>One page of the review API: its items (JSON objects as the API sent them) and the cursor of the next
/// page.</summary>
public sealed class ReviewsPage : IDisposable
{
    private readonly JsonDocument _document;

    internal ReviewsPage(JsonDocument document, string? nextCursor)
    {
        _document = document;
        NextCursor = nextCursor;
    }

    /// <summary>The items of <c>data</c>, valid until the page is disposed.</summary>
    public IEnumerable<JsonElement> Items => _document.RootElement.GetProperty("data").EnumerateArray();

    /// <summary><c>next_cursor</c>, or null on the last page.</summary>
    public string? NextCursor { get; }

    /// <inheritdoc />
    public void Dispose() => _document.Dispose();
}
