using System.Globalization;
using System.Text.Json;
using EcommerceLake.Lake;
using EcommerceLake.Streams;
using EcommerceLake.Streams.Offsets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>
/// Connector of the review vendor's HTTP API (source <c>reviews</c>, stream <c>order_reviews</c>, path = the spec's
/// Origin). Reads every review after the committed offset page by page (<c>updated_after</c>/<c>after_id</c>/
/// <c>after_order_id</c> for the first page, then <c>next_cursor</c>) and lands each spec column as text (ISO 8601
/// timestamps as <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c>; nested arrays and objects, such as <c>products</c>, as their raw
/// JSON text), with <c>_op</c> <c>I</c> and <c>_change_version</c> = review_answer_timestamp in microseconds since the
/// Unix epoch. An item without review_id, order_id or a readable review_answer_timestamp is quarantined
/// (<c>page N item M</c>) and the rest goes on.
/// The next page is requested as soon as a page's <c>next_cursor</c> is read, so it travels while the page is landed
/// (one page ahead at most; pages are landed in the API's order).
/// <para>
/// When the API invalidates a cursor (<see cref="ReviewsCursorExpiredException"/>), paging restarts from the answer
/// time of the last review landed minus <see cref="ReviewsOptions.OverlapWindow"/> (never before the committed
/// offset), and reviews this run already landed are skipped by (review_id, order_id): nothing is landed twice and a
/// review that showed up late inside the window is not lost. <see cref="ReviewsOptions.MaxCursorRestarts"/> restarts
/// in a row without a new review fail the extraction.
/// </para>
/// The offset reached is the key of the last review landed in the API's order; a page that fails (after the client's
/// retries) throws, so the committed offset stays where it was and the next run reads the same reviews again.
/// </summary>
public sealed class ReviewsConnector(ReviewsApiClient client, IOptions<ReviewsOptions> options,
    ILogger<ReviewsConnector> logger) : ISourceConnector
{
    /// <summary>The source name.</summary>
    public const string SourceName = "reviews";

    /// <summary>The item field the API orders by and the change version comes from.</summary>
    public const string AnsweredAtField = "review_answer_timestamp";

    /// <summary>The review id field.</summary>
    public const string ReviewIdField = "review_id";

    /// <summary>The order id field.</summary>
    public const string OrderIdField = "order_id";

    private const int MaxQuarantinedChars = 8_000;

    /// <inheritdoc />
    public string Source => SourceName;

    /// <inheritdoc />
    public async Task<ExtractionResult> ExtractAsync(ExtractionRequest request, LakeBatchWriter writer,
        CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var settings = options.Value;
        var from = request.ForceFull ? ReviewsOffset.Start : ReviewsOffset.Parse(request.Offset);
        var last = from;
        var pageSize = settings.PageSize.ToString(CultureInfo.InvariantCulture);
        var landedKeys = new ReviewsLandedKeys();
        var columns = new SourceColumns(spec);
        string? cursor = null;
        DateTime? restartAfter = null;
        var passedLast = true;
        int pageNumber = 0, restarts = 0, fruitlessRestarts = 0;
        long landed = 0, quarantined = 0, skipped = 0, landedAtRestart = 0;
        List<KeyValuePair<string, string>> Query()
        {
            var query = new List<KeyValuePair<string, string>> { new("limit", pageSize) };
            if (cursor is not null) query.Add(new(ReviewsApiClient.CursorParameter, cursor));
            else if (restartAfter is { } after) query.Add(new("updated_after", ReviewsOffset.FormatTimestamp(after)));
            else if (!from.IsStart)
            {
                query.Add(new("updated_after", ReviewsOffset.FormatTimestamp(from.AnsweredAt!.Value)));
                query.Add(new("after_id", from.ReviewId!));
                query.Add(new("after_order_id", from.OrderId!));
            }
            return query;
        }

        // The next page is requested as soon as this one's cursor is known, and read while this one is landed.
        Task<ReviewsPage>? prefetched = null;
        try
        {
            while (true)
            {
                pageNumber++;
                // Taken out before it is awaited: a page that fails is reported once, here, not again on the way out.
                var pending = prefetched ?? client.GetPageAsync(spec.Origin, Query(), cancellationToken);
                prefetched = null;
                ReviewsPage page;
                try
                {
                    page = await pending;
                }
                catch (ReviewsCursorExpiredException ex)
                {
                    fruitlessRestarts = landed > landedAtRestart ? 1 : fruitlessRestarts + 1;
                    if (fruitlessRestarts > settings.MaxCursorRestarts)
                        throw new SourceUnavailableException(
                            $"{ex.Message} — {fruitlessRestarts - 1} restarts in a row landed no new review "
                            + $"({ReviewsOptions.Section}:{nameof(ReviewsOptions.MaxCursorRestarts)} = "
                            + $"{settings.MaxCursorRestarts}).", ex);
                    restarts++;
                    landedAtRestart = landed;
                    cursor = null;
                    restartAfter = RestartPoint(from, last, settings.OverlapWindow);
                    passedLast = last.IsStart || last == from;
                    logger.LogWarning(
                        "{Reason}; restarting from {Watermark} ({Overlap} overlap before the last review landed, " +
                        "{Last})", ex.Message,
                        restartAfter is { } at ? ReviewsOffset.FormatTimestamp(at) : from.ToJson(),
                        settings.OverlapWindow, last.ToJson());
                    continue;
                }

                using (page)
                {
                    if (page.NextCursor is not null && page.NextCursor == cursor)
                        throw new SourceUnavailableException(
                            $"GET {spec.Origin} page {pageNumber} answered the same next_cursor as the page before.");
                    cursor = page.NextCursor;
                    if (cursor is not null) prefetched = client.GetPageAsync(spec.Origin, Query(), cancellationToken);

                    var index = 0;
                    foreach (var item in page.Items)
                    {
                        index++;
                        if (item.ValueKind == JsonValueKind.Object)
                            columns.ObserveRecord(item.EnumerateObject().Select(p => p.Name));
                        if (TryLand(spec, item, out var record, out var key, out var reason))
                        {
                            if (!passedLast && (key == last || key.AnsweredAt > last.AnsweredAt)) passedLast = true;
                            if (landedKeys.Contains(key))
                            {
                                skipped++;
                                continue;
                            }
                            await writer.WriteAsync(record, cancellationToken);
                            landedKeys.Add(key);
                            landed++;
                            // A review found again before the last one landed (late, inside the overlap) does not
                            // move the offset back.
                            if (passedLast) last = key;
                        }
                        else
                        {
                            var content = item.GetRawText();
                            writer.Quarantine(new QuarantinedRecord($"page {pageNumber} item {index}", reason,
                                content.Length <= MaxQuarantinedChars
                                    ? content : content[..MaxQuarantinedChars] + "…"));
                            quarantined++;
                        }
                    }
                    logger.LogDebug("Review API page {Page}: {Items} items", pageNumber, index);
                    if (!last.IsStart) landedKeys.ForgetBefore(last.AnsweredAt!.Value - settings.OverlapWindow);
                }
                if (cursor is null) break;
            }
        }
        finally
        {
            // Landing failed with a page still in flight: it is not landed, only released.
            if (prefetched is not null) await ReleaseAsync(prefetched);
        }

        logger.LogInformation(
            "Read {Rows} reviews in {Pages} pages ({Quarantined} quarantined, {Restarts} cursor restarts, {Skipped} " +
            "already landed), up to {Offset}",
            landed, pageNumber, quarantined, restarts, skipped, last.ToJson());
        return new ExtractionResult(last.ToJson(), IsFullSnapshot: request.ForceFull, columns.Drift());
    }

    /// <summary>Waits for a page requested ahead that will not be landed and disposes of it; its failure is logged,
    /// as the extraction already failed for another reason.</summary>
    private async Task ReleaseAsync(Task<ReviewsPage> page)
    {
        try
        {
            (await page).Dispose();
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "A review page requested ahead of a failed landing failed as well");
        }
    }

    /// <summary>
    /// Where paging restarts after an invalidated cursor: <c>updated_after</c> = the last landed review's answer time
    /// minus <paramref name="overlap"/>; null to start again exactly from the committed offset <paramref name="from"/>
    /// (with its key), when nothing was landed yet or the window would reach back to it.
    /// </summary>
    private static DateTime? RestartPoint(ReviewsOffset from, ReviewsOffset last, TimeSpan overlap)
    {
        if (last.IsStart || last == from) return null;
        var at = last.AnsweredAt!.Value - overlap;
        if (!from.IsStart && at <= from.AnsweredAt!.Value) return null;
        return at;
    }

    /// <summary>Builds the land record of <paramref name="item"/>, or says why it cannot be landed.</summary>
    private static bool TryLand(StreamSpec spec, JsonElement item, out string?[] record, out ReviewsOffset key,
        out string reason)
    {
        record = [];
        key = ReviewsOffset.Start;
        if (item.ValueKind != JsonValueKind.Object)
        {
            reason = $"the item is a JSON {item.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return false;
        }

        List<string>? problems = null;
        var reviewId = KeyText(item, ReviewIdField, ref problems);
        var orderId = KeyText(item, OrderIdField, ref problems);
        DateTime answeredAt = default;
        if (KeyText(item, AnsweredAtField, ref problems) is { } answeredText
            && !IsoTimestamp.TryParseUtc(answeredText, out answeredAt))
            (problems ??= []).Add($"{AnsweredAtField} '{answeredText}' is not an ISO 8601 timestamp");
        foreach (var column in spec.PrimaryKey)
            if (column is not ReviewIdField and not OrderIdField) KeyText(item, column, ref problems);
        if (problems is not null)
        {
            reason = string.Join("; ", problems);
            return false;
        }

        // The answer time, already read above, is not parsed a second time.
        var values = new string?[spec.Columns.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = spec.Columns[i] is { Name: AnsweredAtField, Type: ColumnType.Timestamp }
                ? FormatTimestamp(answeredAt)
                : LandValue(item, spec.Columns[i]);
        var changeVersion = (answeredAt - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        record = LandRecord.Create('I', changeVersion, values);
        key = new ReviewsOffset(answeredAt, reviewId, orderId);
        reason = "";
        return true;
    }

    private static string? KeyText(JsonElement item, string field, ref List<string>? problems)
    {
        if (item.TryGetProperty(field, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            && value.ToString() is { Length: > 0 } text)
            return text;
        (problems ??= []).Add($"key field {field} is missing or empty");
        return null;
    }

    /// <summary>The land text of a column: strings as they are, numbers and nested values as their JSON text,
    /// timestamps reformatted.</summary>
    private static string? LandValue(JsonElement item, ColumnSpec column)
    {
        if (!item.TryGetProperty(column.Name, out var value)) return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                var text = value.GetString()!;
                return column.Type == ColumnType.Timestamp && IsoTimestamp.TryParseUtc(text, out var at)
                    ? FormatTimestamp(at)
                    : text;
            default:
                return value.GetRawText();
        }
    }

    /// <summary>The land form of a timestamp: <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c>, UTC.</summary>
    private static string FormatTimestamp(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture);
}
