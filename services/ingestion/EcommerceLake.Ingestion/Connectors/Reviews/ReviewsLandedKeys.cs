using EcommerceLake.Streams.Offsets;

namespace EcommerceLake.Ingestion.Connectors.Reviews;

/// <summary>
/// The keys (review_id, order_id) one extraction has landed, kept only as far back as a restart after an invalidated
/// cursor can reach (the overlap window before the last review landed), so the memory stays bounded on long runs.
/// </summary>
internal sealed class ReviewsLandedKeys
{
    private readonly HashSet<(string ReviewId, string OrderId)> _keys = [];
    private readonly Queue<(DateTime AnsweredAt, (string, string) Key)> _byTime = new();

    /// <summary>Keys held.</summary>
    public int Count => _keys.Count;

    /// <summary>True when the review was landed by this extraction (and not forgotten yet).</summary>
    public bool Contains(ReviewsOffset key) => _keys.Contains((key.ReviewId!, key.OrderId!));

    /// <summary>Records a landed review.</summary>
    public void Add(ReviewsOffset key)
    {
        if (_keys.Add((key.ReviewId!, key.OrderId!))) _byTime.Enqueue((key.AnsweredAt!.Value,
            (key.ReviewId!, key.OrderId!)));
    }

    /// <summary>Forgets keys answered before <paramref name="before"/> (a restart asks only for later ones).</summary>
    public void ForgetBefore(DateTime before)
    {
        while (_byTime.TryPeek(out var oldest) && oldest.AnsweredAt < before)
            _keys.Remove(_byTime.Dequeue().Key);
    }
}
