namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>One row of the Olist reviews CSV.</summary>
public sealed record OlistReview(
    string ReviewId,
    string OrderId,
    int? Score,
    string? Title,
    string? Message,
    DateTime? CreatedAt,
    DateTime AnsweredAt);
