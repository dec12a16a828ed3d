namespace EcommerceLake.Orchestrator.Triggers;

/// <summary>
/// Configuration section <c>Orchestrator:ReviewsWebhook</c>: the review vendor's webhook,
/// <c>POST /webhooks/reviews</c>. The endpoint answers 404 until a secret is configured.
/// </summary>
public sealed class ReviewsWebhookOptions
{
    /// <summary>Section name.</summary>
    public const string Section = "Orchestrator:ReviewsWebhook";

    /// <summary>
    /// <c>Orchestrator:ReviewsWebhook:Secret</c>: the secret shared with the vendor (a secret: never logged). A call is
    /// authentic when it carries
    /// <c>X-Lake-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body keyed by the secret&gt;</c>
    /// or, for vendors that cannot sign, <c>X-Lake-Webhook-Secret: &lt;the secret&gt;</c>.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// <c>Orchestrator:ReviewsWebhook:SecretFile</c>: path of a file whose first line is the secret (mounted
    /// secrets); wins over <see cref="Secret"/>.
    /// </summary>
    public string? SecretFile { get; set; }

    /// <summary>
    /// The secret from <see cref="SecretFile"/> when set, else <see cref="Secret"/>; null or empty when the webhook is
    /// off.
    /// </summary>
    /// <exception cref="FileNotFoundException">The secret file does not exist.</exception>
    public string? ResolveSecret() =>
        SecretFile is { Length: > 0 } file ? File.ReadLines(file).FirstOrDefault()?.Trim() : Secret;
}
